# Stands in for a reference checkout's Dockerfile in tests (nothing can be pulled): the demo's
# busybox base, its entry script, and a `curl` for the checkout's health check.
FROM sandbox-demo-base:1
COPY workspace/entry.sh /usr/local/bin/sandbox-entry
RUN printf '#!/bin/sh\nfor a; do url=$a; done\nexec wget -q -O /dev/null "$url"\n' > /usr/local/bin/curl && \
    chmod 755 /usr/local/bin/curl /usr/local/bin/sandbox-entry
USER 1000:1000
WORKDIR /home/agent
ENTRYPOINT ["/usr/local/bin/sandbox-entry"]

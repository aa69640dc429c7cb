# The same component with every finding fixed: `iclint check` reports nothing.
# iclint ignore-file=ICL505 -- our image template sets InternetMaxBandwidthOut for the downloads
ENV APP_HOME="/opt/site"
RUN yum install -y nginx && \
    systemctl enable nginx
WORKDIR /opt/site
COPY https://example.com/site.tar.gz /opt/site/
COPY https://example.com/nginx.conf /etc/nginx/
USER nginx
CMD ["nginx", "-g", "daemon off;"]
RESTART

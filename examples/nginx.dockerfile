# An nginx web server component, in the Dockerfile format.
# It holds a few typical mistakes: run `iclint check examples/nginx.dockerfile`.
ENV APP_HOME=/opt/site
RUN yum install -y nginx && \
    systemctl enable nginx
workdir site
COPY https://example.com/site.tar.gz?Expires=1700000000 /opt/site/
ADD nginx.conf /etc/nginx/nginx.conf
USER nginx:nginx
CMD ['nginx', '-g', 'daemon off;']
RESTART now

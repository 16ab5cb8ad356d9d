# Production image: the web (gunicorn), worker and beat containers all run this image (docker-compose.yml).
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# WeasyPrint's Pango and HarfBuzz, and the fonts reports use; libmagic to check uploads by their content.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 libmagic1 \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 portal
WORKDIR /app
COPY requirements.lock pyproject.toml ./
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
# The NHS.UK frontend and htmx, copied and fitted to the CSP by the same script as `make install` (no axe-core).
COPY --from=assets /build/node_modules /tmp/node_modules
RUN python scripts/vendor_assets.py --node-modules /tmp/node_modules --without-test-tools && rm -rf /tmp/node_modules
# collectstatic reads settings, which need a key; this one exists only during the build.
RUN SECRET_KEY=build-only-collectstatic DEBUG=false python manage.py collectstatic --noinput -v 0 \
    && mkdir -p /srv/portal/private && chown portal /srv/portal/private
USER portal
EXPOSE 8000
CMD ["gunicorn", "apprentice_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

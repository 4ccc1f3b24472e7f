FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_NO_CACHE=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH

WORKDIR /app
RUN useradd --create-home --uid 1000 hipflex

# Exactly uv.lock's runtime packages, each checked against its hash, into /opt/venv (first on
# PATH). uv comes from PyPI, the version the Makefile uses, and leaves once done.
ARG UV_VERSION=0.13.9
COPY pyproject.toml uv.lock ./
RUN pip install uv==${UV_VERSION} \
    && uv sync --locked --no-dev --python /usr/local/bin/python \
    && pip uninstall --yes uv

COPY . .
# collectstatic needs settings to load; these values exist only for the build step.
RUN DEBUG=false SECRET_KEY=build-only-not-secret CACHE_URL=redis://build-only:6379/0 \
    python manage.py collectstatic --no-input \
    && mkdir -p /app/media && chown hipflex:hipflex /app/media

USER hipflex
EXPOSE 8000
CMD ["gunicorn", "-c", "python:hipflex.gunicorn", "hipflex.wsgi"]

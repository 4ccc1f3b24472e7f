FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --create-home --uid 1000 hipflex

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# collectstatic needs settings to load; these values exist only for the build step.
RUN DEBUG=false SECRET_KEY=build-only-not-secret CACHE_URL=redis://build-only:6379/0 \
    python manage.py collectstatic --no-input \
    && mkdir -p /app/media && chown hipflex:hipflex /app/media

USER hipflex
EXPOSE 8000
CMD ["gunicorn", "-c", "python:hipflex.gunicorn", "hipflex.wsgi"]

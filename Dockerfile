# jipiao meeting service: `docker build -t jipiao . && docker run -p 8000:8000 jipiao`
# (SQLite under /srv/jipiao/data; set DATABASE_URL for PostgreSQL, see compose.yaml).
FROM python:3.11-slim-bookworm

# The PDFs (ballots, reports, announcements) embed a CJK TrueType font.
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
       fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*

# Production by default: the service refuses to start without JIPIAO_SETUP_TOKEN, which
# creating an election then needs; the home page lists only published elections.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    JIPIAO_ENVIRONMENT=production \
    JIPIAO_FONT=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
WORKDIR /srv/jipiao

COPY pyproject.toml README.md ./
COPY counting ./counting
COPY ballots ./ballots
COPY app ./app
RUN pip install --no-cache-dir .

COPY alembic.ini ./
COPY alembic ./alembic

RUN useradd --system --home /srv/jipiao jipiao && mkdir -p data && chown jipiao data
USER jipiao
VOLUME ["/srv/jipiao/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/v1/health')"

# Migrations run as an explicit step before the server starts.
CMD ["sh", "-c", "alembic upgrade head && exec uvicorn app.main:app --host 0.0.0.0 --port 8000 --workers ${WEB_CONCURRENCY:-1}"]

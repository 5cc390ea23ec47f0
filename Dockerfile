# The lianghui application image: `lianghui serve` on port 8000, installed from the lock.
# Built and run by compose.yaml (docs/deploy.md, "Containers").
FROM python:3.11-slim-bookworm

# WeasyPrint's Pango and HarfBuzz, and the CJK fonts every PDF needs (a PDF without them is
# refused, not printed in boxes).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --system --uid 10001 --home-dir /var/lib/lianghui --create-home lianghui
WORKDIR /opt/lianghui

# Every dependency at the version and hash in the lock; then lianghui itself, with no deps,
# so nothing unpinned can come in.
COPY requirements.lock ./
RUN python -m pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY lianghui ./lianghui
RUN python -m pip install --no-cache-dir --no-deps . && rm -rf build

USER lianghui
ENV LIANGHUI_DATA_DIR=/var/lib/lianghui \
    PYTHONUNBUFFERED=1
EXPOSE 8000
CMD ["lianghui", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "1"]

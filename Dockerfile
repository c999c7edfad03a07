# BandUp's image: `bandup` built in the official Swift image (Debian 12), run on debian:bookworm-slim.
#   docker build -t bandup .
#   docker run --env-file prod.env bandup migrate              # before each deploy
#   docker run --env-file prod.env bandup content import       # then the curriculum (keeps lessons edited in the browser)
#   docker run --env-file prod.env -p 8080:8080 bandup         # serve
# Production wants DATABASE_URL (with TLS), REDIS_URL and an https PUBLIC_BASE_URL; compose.yaml runs it locally.

# ---- build: Swift 6.3, like the developers' toolchain (hummingbird needs Swift tools 6.2 or newer)
FROM swift:6.3-bookworm AS build
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends libhiredis-dev libcmark-dev libhunspell-dev libpocketsphinx-dev libqrencode-dev libxml2-dev zlib1g-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
# Dependencies first: this layer is reused until Package.swift (or a local Package.resolved) changes.
COPY Package.* ./
RUN if [ -f Package.resolved ]; then swift package resolve --force-resolved-versions; else swift package resolve; fi
# Package.swift also declares the test targets (and Tests/TestSupport), so SwiftPM wants Tests/ too.
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product bandup --static-swift-stdlib \
    && mkdir /staging \
    && cp "$(swift build -c release --show-bin-path)/bandup" /staging/ \
    && cp -R "$(swift build -c release --show-bin-path)/BandUp_Scorer.resources" /staging/ \
    && cp -R "$(swift build -c release --show-bin-path)/BandUp_Speech.resources" /staging/ \
    && cp /usr/libexec/swift/linux/swift-backtrace-static /staging/
# Fingerprinted assets and their manifest: production serves these (and uploads them to S3 with
# `bandup assets upload` before the rollout).
COPY Public ./Public
RUN /staging/bandup assets build --source Public --output /staging/assets

# ---- run
FROM debian:bookworm-slim
# The Swift runtime and Foundation are inside the binary (--static-swift-stdlib); it still links glibc,
# libstdc++6 and libgcc-s1 (already in the base image, named to say so) and the C libraries hiredis and
# cmark, Hunspell (the scorer's spelling), libqrencode (two-factor QR codes), zlib (gzip of assets) and libxml2 (FoundationXML reads S3's answers). No libcurl4: nothing imports
# FoundationNetworking.
# ca-certificates for TLS to PostgreSQL and other services; tzdata for time zones; wordnet-base for
# the definitions of flashcards made without a model (read from /usr/share/wordnet); Hunspell's British
# and American dictionaries for the Writing scorer (read from /usr/share/hunspell); PocketSphinx with
# its US English model (/usr/share/pocketsphinx) and ffmpeg to hear Speaking recordings offline.
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends \
        libhiredis0.14 libcmark0.30.2 libhunspell-1.7-0 libpocketsphinx3 libsphinxbase3 libqrencode4 libxml2 zlib1g libstdc++6 libgcc-s1 ca-certificates tzdata wordnet-base \
        hunspell-en-gb hunspell-en-us pocketsphinx-en-us ffmpeg \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --user-group --home-dir /app --no-create-home --shell /usr/sbin/nologin bandup
# RDS's certificate authorities: DATABASE_URL's sslrootcert in deploy/app.yaml names this file, so
# BandUp verifies the database's certificate (name included) instead of trusting whoever answers.
ADD --chmod=644 https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem /etc/ssl/certs/rds-global-bundle.pem
WORKDIR /app
COPY --from=build /staging/bandup /usr/local/bin/bandup
# The scorer's model, word-frequency list and Academic Word List (SwiftPM's resource bundle, found
# beside the executable; card generation reads the frequency list too).
COPY --from=build /staging/BandUp_Scorer.resources /usr/local/bin/BandUp_Scorer.resources
# The recogniser's measured word error rate, which the Speaking page quotes.
COPY --from=build /staging/BandUp_Speech.resources /usr/local/bin/BandUp_Speech.resources
COPY --from=build /staging/swift-backtrace-static /usr/local/libexec/swift-backtrace-static
COPY --from=build /staging/assets ./.build-assets
# Owned by root: the app reads these and cannot change them.
COPY Templates ./Templates
COPY Public ./Public
COPY Migrations ./Migrations
COPY Content ./Content
# The API's contract: served at /api/v1/openapi.yaml and checked against every API request.
COPY openapi.yaml ./openapi.yaml
ENV BANDUP_ENV=production HOST=0.0.0.0 PORT=8080 \
    SWIFT_BACKTRACE=enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=/usr/local/libexec/swift-backtrace-static
EXPOSE 8080
# No curl in the image (it would bring libcurl and its dependencies): bash, in every Debian image,
# sends GET /healthz through /dev/tcp and checks for a 200 status line.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT:-8080} && printf 'GET /healthz HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && read -r -t 3 status <&3 && [[ $status == 'HTTP/1.'?' 200 '* ]]"]
USER bandup
ENTRYPOINT ["bandup"]
CMD ["serve"]

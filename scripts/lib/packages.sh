# Debian packages the build and the tests need; installed when missing (root or sudo).
# shellcheck shell=bash
# Sourced by scripts/test and scripts/run.

# What `swift build` needs (the Dockerfile's build stage installs exactly these: deploy/tests/consistency.py).
BANDUP_BUILD_PACKAGES=(
    libhiredis-dev   # hiredis: the Redis client's reply reader and command formatter (system-library target CHiredis)
    libcmark-dev     # cmark: CommonMark for lessons (system-library target CCmark)
    libhunspell-dev  # Hunspell: the Writing scorer's spelling (system-library target CHunspell)
    libpocketsphinx-dev # PocketSphinx (and sphinxbase): offline speech recognition (system-library target CPocketSphinx)
    libqrencode-dev  # libqrencode: the QR code of two-factor set-up, drawn as SVG (system-library target CQRencode)
    libxml2-dev      # FoundationXML (S3's XML answers)
    zlib1g-dev       # gzip of assets (compress-nio)
    pkg-config       # how SwiftPM finds hiredis and cmark
)
# What `bandup` reads at run time besides its libraries (the Dockerfile's run stage installs it too).
BANDUP_RUNTIME_PACKAGES=(
    wordnet-base     # WordNet 3.0: definitions for flashcards made without a model
    hunspell-en-gb   # Hunspell's British English dictionary (/usr/share/hunspell), for the scorer
    hunspell-en-us   # and its American one: a word is spelled when either knows it
    pocketsphinx-en-us # PocketSphinx's US English acoustic model, language model and dictionary (/usr/share/pocketsphinx)
    ffmpeg           # decodes learners' recordings (WebM/Ogg Opus, MP4, MP3, WAV) to 16 kHz for the recogniser
)
# What the tests need besides.
BANDUP_TEST_PACKAGES=(
    redis-server     # the real Redis the tests talk to
    postgresql       # the real PostgreSQL the tests talk to (a throwaway cluster per test run)
    chromium         # the real browser of the browser tests (Tests/Browser)
    chromium-driver  # chromedriver, the same version, for Selenium
    openssl          # certificates for the TLS tests of PostgreSQL and Redis (Tests/TestSupport/TestCertificates.swift)
    procps           # pkill: scripts/test ends whatever the test run left behind
)
BANDUP_PACKAGES=("${BANDUP_BUILD_PACKAGES[@]}" "${BANDUP_RUNTIME_PACKAGES[@]}" "${BANDUP_TEST_PACKAGES[@]}")

# How the release binary is built, here (scripts/run with BANDUP_BUILD=release) and in the image.
BANDUP_RELEASE_BUILD=(-c release --product bandup --static-swift-stdlib)

# Python packages the tests need, pinned: Selenium for the browser tests, moto_server as the S3 API,
# and the official Gemini and AWS clients that prove the AI stand-ins speak the real wire formats.
BANDUP_PYTHON_PACKAGES=(
    selenium==4.50.0
    "moto[server]==5.2.1"
    google-genai==3.3.0
    boto3==1.43.11
    fsrs==6.3.2      # py-fsrs, the FSRS reference implementation that Tests/PracticeTests compares BandUp's scheduler with
    cfn-lint==1.51.0 # checks deploy/*.yaml (Tests/DeployTests)
    scikit-learn==1.9.1 # scripts/train-scorer (Tests/ScorerTests checks it reproduces the bundled model)
    lightgbm==4.7.0     # the tree ensemble scripts/train-scorer compares the ridge models with
    schemathesis==4.32.5 # checks the JSON API against openapi.yaml (Tests/WebTests/APISchemathesisTests)
    aiosmtpd==1.4.6      # the SMTP server the mail tests send to (Tests/StandIns/mail_sink.py)
    cryptography==48.0.0 # RSA keys and signatures of the OpenID Connect stand-in (Tests/StandIns/oidc_provider.py)
)

ensure_python_packages() {
    python3 -c 'import importlib.metadata, selenium, moto, flask, boto3, google.genai, fsrs, sys; sys.exit(selenium.__version__ != "4.50.0" or moto.__version__ != "5.2.1" or boto3.__version__ != "1.43.11" or google.genai.__version__ != "3.3.0" or importlib.metadata.version("fsrs") != "6.3.2" or importlib.metadata.version("cfn-lint") != "1.51.0" or importlib.metadata.version("scikit-learn") != "1.9.1" or importlib.metadata.version("lightgbm") != "4.7.0" or importlib.metadata.version("schemathesis") != "4.32.5" or importlib.metadata.version("aiosmtpd") != "1.4.6")' 2>/dev/null &&
        command -v moto_server >/dev/null && return 0
    echo "installing Python packages: ${BANDUP_PYTHON_PACKAGES[*]}"
    python3 -m pip install -q --disable-pip-version-check "${BANDUP_PYTHON_PACKAGES[@]}" 2>/dev/null ||
        python3 -m pip install -q --disable-pip-version-check --break-system-packages "${BANDUP_PYTHON_PACKAGES[@]}"
}

ensure_packages() {
    local missing=()
    for package in "${BANDUP_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

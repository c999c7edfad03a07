"""What the browser scripts share: Debian's Chromium through Selenium, form filling, waits that
tolerate the page replacing elements, steps printed as `ok - …`, and the exit status."""
import faulthandler
import sys

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def browser(extra_arguments=()):
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,900", *extra_arguments):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def fill(driver, fields):
    for name, value in fields.items():
        element = driver.find_element(By.NAME, name)
        element.clear()
        element.send_keys(value)


def submit(driver, form_action):
    """Clicks the form's button and waits for the next page (bcrypt makes sign-ins take a moment)."""
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, f'form[action="{form_action}"] button[type="submit"]'))


def totp(key, at=None, step_offset=0):
    """The 6-digit code an authenticator app shows for a base32 `key` (RFC 6238: HMAC-SHA1, 30 s)."""
    import base64
    import hashlib
    import hmac
    import struct
    import time
    secret = base64.b32decode(key.replace(" ", "").upper() + "=" * (-len(key.replace(" ", "")) % 8))
    step = int((time.time() if at is None else at) // 30) + step_offset
    mac = hmac.new(secret, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def set_up_two_step(driver, base, password):
    """Turns on two-step verification for the signed-in account as a person would: the QR code is
    drawn, the key typed into an 'app' (here `totp`), the code confirmed; returns the key and the
    recovery codes the page shows once."""
    driver.get(base + "/account/two-factor")
    submit(driver, "/account/two-factor/setup")
    qr = driver.find_element(By.CSS_SELECTOR, "figure.qr-code svg")
    check(qr.size["width"] >= 100 and qr.get_attribute("aria-label"), "the QR code is drawn on the page, with a name for screen readers")
    key = driver.find_element(By.ID, "setup-key").text
    fill(driver, {"code": totp(key), "password": password})
    submit(driver, "/account/two-factor/confirm")
    codes = [element.text for element in driver.find_elements(By.CSS_SELECTOR, "#recovery-codes code")]
    check(len(codes) == 10 and "Two-step verification is on." in driver.page_source, "two-step verification is on and ten recovery codes are shown once")
    return key, codes


def sign_up(driver, base, name, password):
    """Signs up a fresh learner (a random email) and waits for the account page."""
    import uuid
    driver.get(base + "/sign-up")
    fill(driver, {"email": f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.com", "displayName": name, "password": password})
    submit(driver, "/sign-up")


def click_and_wait(driver, element):
    """Clicks something that loads a new page, and waits until the old page's element is gone
    (Chromium reports a node of the unloaded page either as stale or as "not in the document")."""
    element.click()

    def gone(_):
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error) or "No node with given id" in str(error):
                return True
            raise
    WebDriverWait(driver, 10).until(gone)


def check(condition, step):
    if not condition:
        raise AssertionError(step)
    print(f"ok - {step}")


def wait_for(driver, condition, step, seconds=10):
    """Waits until `condition(driver)`; the page may replace elements meanwhile (a preview pane,
    a marked question group)."""
    try:
        WebDriverWait(driver, seconds, ignored_exceptions=[StaleElementReferenceException]).until(lambda d: condition(d))
    except Exception as error:
        raise AssertionError(f"{step} (timed out: {type(error).__name__})")
    print(f"ok - {step}")


def console_errors(driver):
    """SEVERE console entries, except the 401 of the deliberately wrong password."""
    return [entry["message"] for entry in driver.get_log("browser")
            if entry["level"] == "SEVERE" and "status of 401" not in entry["message"]]


def no_console_errors(driver):
    """The last step of every flow: the page logged no errors and no CSP violations."""
    errors = console_errors(driver)
    check(not errors, "no console errors or CSP violations: " + "; ".join(errors))


def run(main):
    """Runs the script's steps: exit 0 when every step holds, else print the failed one and exit 1.
    A flow still running after four minutes (they take under half a minute) prints where each
    thread is and exits, so a hung browser command says where it hung."""
    faulthandler.dump_traceback_later(240, exit=True)
    try:
        main()
    except AssertionError as failure:
        print(f"not ok - {failure}")
        sys.exit(1)

#!/usr/bin/env python3
"""Sign in with Google in a real browser (Debian's Chromium through Selenium) against the stand-in
OpenID Connect provider (Tests/StandIns/oidc_provider.py), which speaks Google's protocol.

Usage: google_flow.py BASE_URL PROVIDER_URL

A new learner clicks "Sign in with Google", chooses an account on the provider's page, and lands on
their new BandUp account; signs out and back in the same way; then the provider is made to forge an
expired ID token and the browser is shown why nobody was signed in. No console errors on BandUp's pages.
The Swift test WebTests/BrowserTests runs it against a real `bandup serve` with GOOGLE_* set.
"""
import json
import sys
import urllib.request

from selenium.webdriver.common.by import By

from support import browser, check, click_and_wait, fill, no_console_errors, run, submit

BASE, PROVIDER = sys.argv[1].rstrip("/"), sys.argv[2].rstrip("/")


def choose_account(driver, email):
    driver.get(BASE + "/sign-in")
    click_and_wait(driver, driver.find_element(By.ID, "google-sign-in"))
    check(driver.current_url.startswith(PROVIDER + "/o/oauth2/v2/auth") and "Choose an account" in driver.page_source,
          "the button leads to the provider's page")
    driver.get_log("browser")  # the stand-in has no favicon: only BandUp's pages are checked
    fill(driver, {"email": email, "name": "Ana Lima"})
    click_and_wait(driver, driver.find_element(By.ID, "continue"))


def main():
    driver = browser()
    try:
        choose_account(driver, "ana.lima@example.com")
        check(driver.current_url == BASE + "/account" and "Welcome to BandUp, Ana Lima!" in driver.page_source,
              "a new learner lands on their new account")
        no_console_errors(driver)
        submit(driver, "/sign-out")
        choose_account(driver, "ana.lima@example.com")
        check(driver.current_url == BASE + "/account" and "ana.lima@example.com" in driver.page_source, "she signs in again with Google")
        no_console_errors(driver)
        submit(driver, "/sign-out")

        forge = urllib.request.Request(PROVIDER + "/test/forge", data=json.dumps({"kind": "expired"}).encode(),
                                       headers={"Content-Type": "application/json"}, method="POST")
        urllib.request.urlopen(forge, timeout=10).close()
        choose_account(driver, "ana.lima@example.com")
        check("Nobody was signed in: the ID token has expired." in driver.page_source, "a forged (expired) token is refused with a clear page")
        driver.get_log("browser")  # the refusal's 400 is expected
        driver.get(BASE + "/account")
        check(driver.current_url.startswith(BASE + "/sign-in"), "and nobody is signed in")
    finally:
        driver.quit()


run(main)

#!/usr/bin/env python3
"""A learner's account flow in a real browser (Debian's Chromium through Selenium).

Usage: accounts_flow.py BASE_URL

Sign up, see the account page, sign out, sign in (keeping the session), sign in again from a
second browser, see both sessions on the account page, end the other one, and check that the
other browser is signed out. Along the way: no Content-Security-Policy violations or other
errors in the browser console. Exits 0 when every step holds; prints the failed step otherwise.
The Swift test WebTests/BrowserTests runs it against a real `bandup serve`.
"""
import os
import sys
import uuid

from selenium.webdriver.common.by import By

from support import browser, check, click_and_wait, console_errors, fill, run, submit

BASE = sys.argv[1].rstrip("/")
EMAIL = f"learner-{uuid.uuid4().hex[:8]}@example.com"
PASSWORD = "a quiet library at dawn"


def main():
    os.environ.setdefault("SE_OFFLINE", "true")
    os.environ.setdefault("SE_AVOID_STATS", "true")
    first, second = browser(), browser()
    try:
        first.get(BASE + "/")
        check("Reach your IELTS band" in first.page_source, "the home page renders")
        link = first.find_element(By.LINK_TEXT, "Sign up")
        click_and_wait(first, link)
        fill(first, {"email": EMAIL, "displayName": "Mina", "password": PASSWORD, "targetBand": "7"})
        submit(first, "/sign-up")
        check(first.current_url == BASE + "/account", "signing up lands on the account page")
        check("Welcome to BandUp, Mina!" in first.page_source, "a welcome message is shown once")
        check(EMAIL in first.page_source and "(this device)" in first.page_source, "the account page lists this session")

        submit(first, "/sign-out")
        check("You have signed out." in first.page_source, "signing out says so")
        first.get(BASE + "/account")
        check(first.current_url.startswith(BASE + "/sign-in?next=/account"), "the account page now asks to sign in")

        fill(first, {"email": EMAIL, "password": "not my password"})
        submit(first, "/sign-in")
        check("The email address or password is not right." in first.page_source, "a wrong password is refused")
        check(first.find_element(By.NAME, "email").get_attribute("value") == EMAIL, "the email is kept, the password is not")
        check(first.find_element(By.NAME, "password").get_attribute("value") == "", "the password field is empty")

        fill(first, {"password": PASSWORD})
        first.find_element(By.ID, "remember").click()
        submit(first, "/sign-in")
        check(first.current_url == BASE + "/account", "signing in returns to the page that asked")

        second.get(BASE + "/sign-in")
        fill(second, {"email": EMAIL, "password": PASSWORD})
        submit(second, "/sign-in")
        check(second.current_url == BASE + "/account", "a second browser signs in too")

        first.get(BASE + "/account")
        rows = first.find_elements(By.CSS_SELECTOR, "table.sessions tbody tr")
        check(len(rows) == 2, "the account page lists both sessions")
        submit(first, "/account/sessions/end")
        check("That session has ended." in first.page_source, "ending the other session says so")
        check(len(first.find_elements(By.CSS_SELECTOR, "table.sessions tbody tr")) == 1, "one session is left")

        second.get(BASE + "/account")
        check(second.current_url.startswith(BASE + "/sign-in"), "the other browser is signed out")

        errors = console_errors(first) + console_errors(second)
        check(not errors, "no console errors or CSP violations: " + "; ".join(errors))
    finally:
        first.quit()
        second.quit()


if __name__ == "__main__":
    run(main)

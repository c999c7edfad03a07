#!/usr/bin/env python3
"""A learner who forgot their password gets back in, in a real browser (Debian's Chromium through
Selenium), with the link read from a real SMTP server's mailbox.

Usage: password_reset_flow.py BASE_URL MAIL_DIRECTORY

Sign up, sign out, follow "Forgot your password?", ask for a link, read the mail the SMTP sink
(Tests/StandIns/mail_sink.py) received, open its link, choose a new password, sign in with it;
the link then no longer works, and a notice of the change arrives. No console errors.
The Swift test WebTests/BrowserTests runs it against a real `bandup serve` with SMTP_URL set.
"""
import email
import email.policy
import glob
import os
import re
import sys
import time

from selenium.webdriver.common.by import By

from support import browser, check, click_and_wait, fill, no_console_errors, run, sign_up, submit

BASE = sys.argv[1].rstrip("/")
MAILBOX = sys.argv[2]
NEW_PASSWORD = "a lantern by the river"


def mails_to(address):
    """The messages the sink received for `address`, oldest first, as email.message objects."""
    found = []
    for path in sorted(glob.glob(os.path.join(MAILBOX, "*.eml"))):
        with open(path, "rb") as file:
            message = email.message_from_binary_file(file, policy=email.policy.default)
        if message["To"] == address:
            found.append(message)
    return found


def wait_for_mail(address, count, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        found = mails_to(address)
        if len(found) >= count:
            return found[count - 1]
        time.sleep(0.2)
    raise AssertionError(f"mail number {count} to {address} arrived")


def main():
    driver = browser()
    try:
        sign_up(driver, BASE, "Noor", "my first long password")
        address = driver.find_element(By.XPATH, "//dt[text()='Email']/following-sibling::dd[1]").text
        submit(driver, "/sign-out")
        driver.get(BASE + "/sign-in")
        click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Forgot your password?"))
        fill(driver, {"email": address})
        submit(driver, "/password/forgot")
        check("If an account uses" in driver.find_element(By.CSS_SELECTOR, "[data-reset-sent]").text, "asking says a link is on its way")

        mail = wait_for_mail(address, 1)
        check(mail["Subject"] == "Reset your BandUp password", "the reset mail arrives over SMTP")
        text = mail.get_body(preferencelist=("plain",)).get_content()
        html = mail.get_body(preferencelist=("html",)).get_content()
        link = re.search(r"https?://\S+/password/reset\?token=\S+", text).group(0)
        check(link in html, "the text and HTML parts carry the same link")
        driver.get(BASE + link[link.index("/password/reset"):])
        fill(driver, {"password": NEW_PASSWORD})
        submit(driver, "/password/reset")
        check(driver.current_url == BASE + "/sign-in" and "Your password has been changed" in driver.page_source,
              "the new password is set and the learner is sent to sign in")

        fill(driver, {"email": address, "password": NEW_PASSWORD})
        submit(driver, "/sign-in")
        check(driver.current_url == BASE + "/account", "the new password signs in")
        no_console_errors(driver)
        # (Chromium logs the spent link's 410 Gone as a console error: checked above, before it.)
        driver.get(BASE + link[link.index("/password/reset"):])
        check("expired or has already been used" in driver.page_source, "the link works only once")
        notice = wait_for_mail(address, 2)
        check(notice["Subject"] == "Your BandUp password was changed", "a notice of the change is mailed")
    finally:
        driver.quit()


run(main)

#!/usr/bin/env python3
"""A learner who forgot their password gets back in, in a real browser (Debian's Chromium through
Selenium), with the link read from a real SMTP server's mailbox.

Usage: password_reset_flow.py BASE_URL MAIL_DIRECTORY

Sign up, confirm the address with the link mailed at sign-up, sign out, follow "Forgot your password?", ask for a link, read the mail the SMTP sink
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


def mails_to(address, subject):
    """The messages with `subject` the sink received for `address`, oldest first."""
    found = []
    for path in sorted(glob.glob(os.path.join(MAILBOX, "*.eml"))):
        with open(path, "rb") as file:
            message = email.message_from_binary_file(file, policy=email.policy.default)
        if message["To"] == address and message["Subject"] == subject:
            found.append(message)
    return found


def wait_for_mail(address, subject, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        found = mails_to(address, subject)
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f"'{subject}' arrived for {address}")


def link_in(message, path):
    """The link to `path` in the text part, checked to be in the HTML part too."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    link = re.search(r"https?://\S+" + re.escape(path) + r"\?token=\S+", text).group(0)
    check(link in html, f"the text and HTML parts carry the same {path} link")
    return link[link.index(path):]


def main():
    driver = browser()
    try:
        sign_up(driver, BASE, "Noor", "my first long password")
        address = driver.find_element(By.XPATH, "//dt[text()='Email']/following-sibling::dd[1]").text
        check(driver.find_element(By.CSS_SELECTOR, "[data-email-verified]").get_attribute("data-email-verified") == "false",
              "a new account's address is not confirmed yet")
        confirm = link_in(wait_for_mail(address, "Confirm your email address for BandUp"), "/email/confirm")
        driver.get(BASE + confirm)
        check(driver.current_url == BASE + "/account" and "is confirmed" in driver.page_source
              and driver.find_element(By.CSS_SELECTOR, "[data-email-verified]").get_attribute("data-email-verified") == "true",
              "the link mailed at sign-up confirms the address")
        submit(driver, "/sign-out")
        driver.get(BASE + "/sign-in")
        click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Forgot your password?"))
        fill(driver, {"email": address})
        submit(driver, "/password/forgot")
        check("If an account uses" in driver.find_element(By.CSS_SELECTOR, "[data-reset-sent]").text, "asking says a link is on its way")

        reset = wait_for_mail(address, "Reset your BandUp password")
        check("no-reply@bandup.test" in reset["From"], "the reset mail arrives over SMTP from BandUp's sender")
        link = link_in(reset, "/password/reset")
        driver.get(BASE + link)
        fill(driver, {"password": NEW_PASSWORD})
        submit(driver, "/password/reset")
        check(driver.current_url == BASE + "/sign-in" and "Your password has been changed" in driver.page_source,
              "the new password is set and the learner is sent to sign in")

        fill(driver, {"email": address, "password": NEW_PASSWORD})
        submit(driver, "/sign-in")
        check(driver.current_url == BASE + "/account", "the new password signs in")
        no_console_errors(driver)
        # (Chromium logs the spent link's 410 Gone as a console error: checked above, before it.)
        driver.get(BASE + link)
        check("expired or has already been used" in driver.page_source, "the link works only once")
        notice = wait_for_mail(address, "Your BandUp password was changed")
        check("signed out" in notice.get_body(preferencelist=("plain",)).get_content(), "a notice of the change is mailed")
    finally:
        driver.quit()


run(main)

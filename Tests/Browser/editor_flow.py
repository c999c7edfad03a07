#!/usr/bin/env python3
"""An editor changes a lesson in a real browser and a learner reads it (Chromium through Selenium).

Usage: editor_flow.py BASE_URL EDITOR_EMAIL EDITOR_PASSWORD

The editor signs in, is refused at publishing until two-step verification is on, turns it on
(QR code, a code from the key, recovery codes shown once), opens a lesson in the editor, types a new paragraph and sees the live
preview show it, types a broken block and sees the preview name its line, mends it, publishes,
and a learner then reads the new text on the lesson page and checks a practice question in place
(the page does not reload). No console errors or CSP violations in either browser.
The Swift test WebTests/BrowserTests runs it against a real `bandup serve`.
"""
import sys
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from support import browser, check, click_and_wait, console_errors, fill, run, set_up_two_step, submit, wait_for

BASE, EMAIL, PASSWORD = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
SLUG = "true-false-not-given"
MARK = f"Checked in the browser {uuid.uuid4().hex[:6]}."


def main():
    editor, learner = browser(), browser()
    try:
        editor.get(BASE + "/sign-in?next=/editor/lessons")
        fill(editor, {"email": EMAIL, "password": PASSWORD})
        submit(editor, "/sign-in")
        check(editor.current_url == BASE + "/editor/lessons", "the editor signs in and lands on the lesson list")
        check("True, False or Not Given?" in editor.page_source and "Published" in editor.page_source, "the list shows the lesson and its status")
        link = editor.find_element(By.CSS_SELECTOR, f'a[href="/editor/lessons/{SLUG}"]')
        click_and_wait(editor, link)
        click_and_wait(editor, editor.find_element(By.CSS_SELECTOR, 'button[value="publish"]'))
        check("Turn on two-step verification first" in editor.page_source, "an editor without two-step verification is refused at publish")
        editor.get_log("browser")  # the refusal's 403 is expected: only later console errors count
        set_up_two_step(editor, BASE, PASSWORD)
        editor.get(BASE + f"/editor/lessons/{SLUG}")
        preview = editor.find_element(By.ID, "preview")
        check("<h1>True, False or Not Given?</h1>" in preview.get_attribute("innerHTML"), "the preview shows the lesson before any typing")

        body = editor.find_element(By.ID, "body")
        body.click()
        body.send_keys(Keys.CONTROL, Keys.END)
        body.send_keys("\n\n" + MARK + "\n")
        wait_for(editor, lambda d: MARK in d.find_element(By.ID, "preview").text, "the live preview shows the new paragraph")

        body.send_keys("\n```callout danger\nOops\n```\n")
        wait_for(editor, lambda d: "The lesson cannot be shown yet." in d.find_element(By.ID, "preview").text
                 and "a callout is tip, note or warning" in d.find_element(By.ID, "preview").text,
                 "a broken block shows the problem in the preview")
        check("Line " in editor.find_element(By.ID, "preview").text, "the problem names its line")
        for _ in range(len("```callout danger\nOops\n```\n") + 1):
            body.send_keys(Keys.BACKSPACE)
        wait_for(editor, lambda d: MARK in d.find_element(By.ID, "preview").text
                 and "cannot be shown" not in d.find_element(By.ID, "preview").text, "mending it restores the preview")

        publish = editor.find_element(By.CSS_SELECTOR, 'button[value="publish"]')
        click_and_wait(editor, publish)
        check("Published revision" in editor.page_source, "publishing says which revision learners now see")

        learner.get(BASE + f"/lessons/{SLUG}")
        check(MARK in learner.page_source, "a learner reads the new text")
        learner.execute_script("window.__samePage = true;")
        group = learner.find_element(By.CSS_SELECTOR, ".question-group")
        group_id = group.get_attribute("id")
        first = group.find_element(By.CSS_SELECTOR, ".question")
        radios = first.find_elements(By.CSS_SELECTOR, "input[type=radio]")
        selects = first.find_elements(By.CSS_SELECTOR, "select")
        texts = first.find_elements(By.CSS_SELECTOR, "input[type=text]")
        if radios:
            radios[0].click()
        elif selects:
            Select(selects[0]).select_by_index(1)
        elif texts:
            texts[0].send_keys("library")
        group.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait_for(learner, lambda d: "You scored" in d.find_element(By.ID, group_id).text, "checking answers marks the group in place")
        check(learner.execute_script("return window.__samePage === true;"), "the page did not reload")
        check(learner.find_elements(By.CSS_SELECTOR, f"#{group_id} .explanation"), "each question shows its explanation")

        errors = console_errors(editor) + console_errors(learner)
        check(not errors, "no console errors or CSP violations: " + "; ".join(errors))
    finally:
        editor.quit()
        learner.quit()


if __name__ == "__main__":
    run(main)

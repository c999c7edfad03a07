#!/usr/bin/env python3
"""A learner writes an essay and watches the feedback arrive, in a real browser (Debian's
Chromium through Selenium).

Usage: feedback_flow.py BASE_URL

Sign up, open a Task 2 prompt (the timer counts down), write the essay (the word count follows,
the draft autosaves), send it, watch the feedback stream into the page, reload in the middle (the
stream carries on from where it was), and see the final band with its likely range, the one
sentence on how accurate the estimate is, the bands for the four criteria (marked as the
estimator's, not an examiner's) and the annotated sentences marked in the essay. Then a Speaking
answer: its page and its result say how far its estimate has been checked. No console errors or
CSP violations.
The Swift test WebTests/BrowserTests runs it against a real `bandup serve` with the offline analyser.
"""
import sys
import time

from selenium.webdriver.common.by import By

from support import browser, check, click_and_wait, console_errors, run, sign_up, wait_for

BASE = sys.argv[1].rstrip("/")
ESSAY = open(sys.argv[2], encoding="utf-8").read()


def streamed(driver):
    elements = driver.find_elements(By.CSS_SELECTOR, "[data-feedback-text]")
    return elements[0].text if elements else ""


def main():
    driver = browser()
    try:
        sign_up(driver, BASE, "Wren", "a patient essay writer")
        driver.get(BASE + "/writing")
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, 'a[href="/writing/traffic-congestion-cities"]'))
        accuracy = driver.find_element(By.CSS_SELECTOR, "[data-accuracy]").text
        check("likely range" in accuracy and "times in 10" in accuracy and "essays it had not seen" in accuracy,
              f"the writing page says how accurate the estimate is ({accuracy})")
        first = driver.find_element(By.CSS_SELECTOR, ".timer-value").text
        time.sleep(1.5)
        check(driver.find_element(By.CSS_SELECTOR, ".timer-value").text != first, "the 40-minute timer counts down")

        box = driver.find_element(By.ID, "answer")
        # Most of the essay at once (typing 1,700 characters takes long), the last words typed.
        words = ESSAY.split(" ")
        driver.execute_script("arguments[0].value = arguments[1];", box, " ".join(words[:-5]) + " ")
        box.send_keys(" ".join(words[-5:]))
        count = len(ESSAY.split())
        wait_for(driver, lambda d: d.find_element(By.CSS_SELECTOR, "[data-word-count]").text.startswith(f"{count} words"),
                 "the word count follows the essay")
        wait_for(driver, lambda d: int(d.find_element(By.CSS_SELECTOR, "[data-save-state]").get_attribute("data-saves") or 0) >= 1,
                 "the draft is autosaved")
        driver.refresh()
        check(driver.find_element(By.ID, "answer").get_attribute("value").strip() == ESSAY.strip(), "a reload brings the draft back")

        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, 'form.answer-form button[type="submit"]:not([formaction])'))
        check("/answers/" in driver.current_url, "sending lands on the answer's page")
        check("Received" in driver.find_element(By.CSS_SELECTOR, ".flash-list").text, "the learner is told it was received")
        wait_for(driver, lambda d: len(streamed(d)) > 40, "feedback streams into the page", seconds=30)
        before = streamed(driver)
        driver.refresh()
        check(driver.find_elements(By.CSS_SELECTOR, "[data-events]"), "the reload came while the feedback was being written")
        wait_for(driver, lambda d: len(streamed(d)) > len(before), "after a reload the stream carries on", seconds=30)
        wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-result]"), "the bands arrive when the feedback is done", seconds=60)
        rows = driver.find_elements(By.CSS_SELECTOR, "tr[data-criterion]")
        names = [row.find_element(By.TAG_NAME, "th").text for row in rows]
        check(names == ["Task Response", "Coherence and Cohesion", "Lexical Resource", "Grammatical Range and Accuracy"],
              f"a band for each criterion ({names})")
        band = driver.find_element(By.CSS_SELECTOR, "[data-band]").text
        check(band.replace(".", "").isdigit(), f"the task band is shown ({band})")
        shown = driver.find_element(By.CSS_SELECTOR, "[data-band-range]").text
        low, high = (float(x) for x in shown.removeprefix("(likely ").removesuffix(")").split("-"))
        check(low < float(band) < high, f"the band comes with its likely range ({band} {shown})")
        accuracy = driver.find_element(By.CSS_SELECTOR, "[data-result] [data-accuracy]").text
        check("within half a band of the examiner's" in accuracy, f"the result says how far to trust it ({accuracy})")
        check("no examiner scored these criteria" in driver.find_element(By.CSS_SELECTOR, "[data-result] .provider-note").text,
              "the criterion bands are marked as the estimator's")
        check("examiner" not in driver.find_element(By.CSS_SELECTOR, ".feedback-prose summary").text.lower(),
              "the analyser's notes are not presented as an examiner's words")
        marks = driver.find_elements(By.CSS_SELECTOR, ".essay mark.annotated")
        check(len(marks) >= 1 and len(driver.find_elements(By.CSS_SELECTOR, "li[data-annotation]")) >= len(marks),
              f"annotated sentences are marked in the essay ({len(marks)})")
        marks[0].find_element(By.CSS_SELECTOR, "a.note-ref").click()
        check(driver.current_url.split("#")[1].startswith("note-"), "a marked sentence leads to its note")

        driver.get(BASE + "/speaking/describe-a-park-or-garden")
        accuracy = driver.find_element(By.CSS_SELECTOR, "[data-accuracy]").text
        check("has not yet been checked" in accuracy, f"the speaking page says its estimate is unmeasured ({accuracy})")
        answer = driver.find_element(By.ID, "answer")
        driver.execute_script("arguments[0].value = arguments[1];", answer, " ".join(ESSAY.split()[:150]))
        seconds = driver.find_element(By.ID, "seconds")
        seconds.clear()
        seconds.send_keys("110")
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, 'form[action$="/submit"] button[type="submit"]:not([formaction])'))
        wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-result]"), "the speaking answer is assessed", seconds=90)
        accuracy = driver.find_element(By.CSS_SELECTOR, "[data-result] [data-accuracy]").text
        check("rough guide" in accuracy, f"the speaking result says how far to trust it ({accuracy})")
        errors = console_errors(driver)
        check(not errors, f"no console errors ({errors})")
    finally:
        driver.quit()


run(main)

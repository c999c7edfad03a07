#!/usr/bin/env python3
"""A learner records a Speaking answer with the browser's microphone and reads what BandUp heard,
in a real browser (Debian's Chromium through Selenium).

Usage: speaking_flow.py BASE_URL RECORDING.wav WORDS.txt

Chromium's fake microphone plays RECORDING.wav (a Part 2 answer spoken by a Festival voice, with
a long pause in it) into the page's MediaRecorder. The learner records it, stops, sends the
answer without typing anything, and the offline analyser listens to the upload: the result shows
"What BandUp heard" (most of the known words, unsure ones underlined, the recogniser's measured
error rate), Speaking bands that say how far to trust them, and Pronunciation as not assessed.
Correcting the transcript assesses again with the same recording and keeps the first answer.
No console errors or CSP violations.
The Swift test WebTests/BrowserTests runs it against a real `bandup serve` with the offline analyser.
"""
import re
import sys
import time

from selenium.webdriver.common.by import By

from support import browser, check, click_and_wait, no_console_errors, run, sign_up, wait_for

BASE = sys.argv[1].rstrip("/")
RECORDING = sys.argv[2]
SAID = open(sys.argv[3], encoding="utf-8").read().split()
SECONDS = 17  # the recording lasts 16.4 s; then the fake microphone is silent


def words(text):
    return [w for w in re.sub(r"[^a-z' ]", " ", text.lower()).split() if w]


def word_error_rate(said, heard):
    """Word-level edit distance over the words said."""
    previous = list(range(len(heard) + 1))
    for i, s in enumerate(said, 1):
        current = [i]
        for j, h in enumerate(heard, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (s != h)))
        previous = current
    return previous[-1] / len(said)


def main():
    driver = browser(("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                      f"--use-file-for-fake-audio-capture={RECORDING}%noloop"))
    try:
        sign_up(driver, BASE, "Ines", "a careful speaking learner")
        driver.get(BASE + "/speaking/describe-a-park-or-garden")
        wait_for(driver, lambda d: d.find_element(By.CSS_SELECTOR, "[data-recorder]").is_displayed(), "the recorder is offered")
        driver.find_element(By.CSS_SELECTOR, "[data-record]").click()
        wait_for(driver, lambda d: "Recording" in d.find_element(By.CSS_SELECTOR, "[data-recorder-status]").text,
                 "the microphone is granted and recording starts")
        time.sleep(SECONDS)
        driver.find_element(By.CSS_SELECTOR, "[data-stop]").click()
        wait_for(driver, lambda d: "is saved" in d.find_element(By.CSS_SELECTOR, "[data-recorder-status]").text,
                 "the recording is uploaded and saved", seconds=30)
        seconds = int(driver.find_element(By.ID, "seconds").get_attribute("value"))
        check(SECONDS - 1 <= seconds <= SECONDS + 4, f"the speaking time is filled in from the recording ({seconds} s)")
        check(driver.find_element(By.ID, "answer").get_attribute("value") == "", "nothing was typed")

        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, 'form[action$="/submit"] button[type="submit"]:not([formaction])'))
        wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-result]"), "the recording alone is assessed", seconds=120)
        first = driver.current_url
        heard_section = driver.find_element(By.CSS_SELECTOR, "[data-heard]")
        heard = words(heard_section.find_element(By.CSS_SELECTOR, ".heard-words").text)
        rate = word_error_rate(words(" ".join(SAID)), heard)
        check(rate <= 0.35, f"BandUp heard the answer ({rate:.0%} of the words wrong; heard: {' '.join(heard)})")
        check({"park", "lake", "trees", "weekend"} <= set(heard), "the answer's key words were heard")
        accuracy = heard_section.find_element(By.CSS_SELECTOR, "[data-recognition-accuracy]").text
        check(re.search(r"about \d+ words in 100 wrong", accuracy) is not None, f"the page quotes the recogniser's measured error rate ({accuracy})")
        unsure = driver.find_elements(By.CSS_SELECTOR, "[data-heard] [data-unsure]")
        print(f"# {len(unsure)} unsure words underlined")
        result = driver.find_element(By.CSS_SELECTOR, "[data-result]")
        check("rough guide" in result.find_element(By.CSS_SELECTOR, "[data-accuracy]").text, "the Speaking bands say how far to trust them")
        pronunciation = [row.text for row in result.find_elements(By.CSS_SELECTOR, "[data-criterion]") if row.text.startswith("Pronunciation")]
        check(pronunciation and "not assessed" in pronunciation[0], f"Pronunciation is marked as not assessed ({pronunciation})")

        corrected = driver.find_element(By.ID, "corrected")
        corrected.clear()
        corrected.send_keys(" ".join(SAID))
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.heard-correction button[type=submit]"))
        wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-result]"), "the corrected transcript is assessed", seconds=120)
        check(driver.current_url != first, "the correction is a new answer")
        text = driver.find_element(By.CSS_SELECTOR, ".answer-text").text
        check("forget about work" in text and "recording" in driver.page_source.lower(),
              "the new answer reads the learner's words and keeps the recording")
        driver.get(first)
        check(driver.find_elements(By.CSS_SELECTOR, "[data-heard]"), "the first answer is kept as it was")
        no_console_errors(driver)
    finally:
        driver.quit()


run(main)

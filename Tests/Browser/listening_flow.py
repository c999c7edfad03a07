#!/usr/bin/env python3
"""A learner sits an exam-mode Listening test in a real browser (Debian's Chromium through Selenium).

Usage: listening_flow.py BASE_URL TEST_SLUG   (the server runs with a short LISTENING_READING_SECONDS)

Start the test in exam mode: there is no player to pause or seek, only "Start the recording". Start it:
the page counts down the pause to read Part 1's questions, then plays Part 1. Reload midway: the
recording resumes where the server's clock says it is (not from the start), after a click if the
browser asks for one. Move to Part 2's questions: Part 1 keeps playing on. No console errors.
The Swift test WebTests/BrowserTests runs it against a real `bandup serve`.
"""
import sys
import time

from selenium.webdriver.common.by import By

from support import browser, check, click_and_wait, no_console_errors, run, sign_up, wait_for

BASE, SLUG = sys.argv[1].rstrip("/"), sys.argv[2]


def panel(driver):
    return driver.find_element(By.CSS_SELECTOR, ".exam-recording")


def status(driver):
    return driver.find_element(By.CSS_SELECTOR, ".recording-status").text


def playing(driver):
    """Part 1 is heard: the page's audio is playing it (clicking "Resume" when the browser wants a click)."""
    for button in driver.find_elements(By.XPATH, '//button[text()="Resume the recording"]'):
        button.click()
    return panel(driver).get_attribute("data-playing") == "0"


def position(driver):
    return float(panel(driver).get_attribute("data-position") or 0)


def main():
    driver = browser()
    try:
        sign_up(driver, BASE, "Lee", "a keen listener here")
        driver.get(BASE + "/tests")
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, f'form[action="/tests/{SLUG}/attempts"] input[value="exam"] ~ button'))
        check("/tests/attempts/" in driver.current_url, "starting in exam mode opens the attempt")
        check(not driver.find_elements(By.CSS_SELECTOR, "audio[controls]"), "exam mode has no player to pause or seek")

        driver.find_element(By.XPATH, '//button[text()="Start the recording"]').click()
        wait_for(driver, lambda d: "Part 1 starts in" in status(d), "the page counts down the pause to read Part 1's questions")
        wait_for(driver, playing, "then Part 1 plays", seconds=20)
        wait_for(driver, lambda d: position(d) >= 3, "and keeps playing", seconds=20)
        check(not driver.find_elements(By.XPATH, '//button[text()="Start the recording"]'), "the recording cannot be started again")

        driver.refresh()
        wait_for(driver, lambda d: "Part 1 is playing" in status(d), "after a reload the page knows where the recording is")
        wait_for(driver, playing, "and plays it", seconds=20)
        wait_for(driver, lambda d: position(d) >= 3, "from where it had got to, not from the start", seconds=5)

        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, ".section-tabs a:nth-child(2)"))
        check("Part 2" in driver.find_element(By.CSS_SELECTOR, "h1").text, "Part 2's questions open while Part 1 plays")
        wait_for(driver, lambda d: "Part 1 is playing" in status(d) and playing(d), "Part 1 plays on", seconds=20)
        at = position(driver)
        time.sleep(1.5)
        check(position(driver) > at, "the recording moves forward")

        no_console_errors(driver)
    finally:
        driver.quit()


if __name__ == "__main__":
    run(main)

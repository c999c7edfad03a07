#!/usr/bin/env python3
"""A learner turns a lesson's words into flashcards and reviews them with the keyboard, in a real
browser (Debian's Chromium through Selenium).

Usage: flashcards_flow.py BASE_URL LESSON_SLUG

Sign up, open the lesson, click "Add these N words to my flashcards": N cards are due. Review:
space shows the answer, 3 (Good) grades the first card and the next one comes; 1 (Again) the
second. The due count falls by two, on the review page and on the dashboard. No console errors.
The Swift test WebTests/BrowserTests runs it against a real `bandup serve`.
"""
import re
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from support import browser, check, click_and_wait, no_console_errors, run, sign_up, wait_for

BASE, SLUG = sys.argv[1].rstrip("/"), sys.argv[2]


def due(driver):
    return int(driver.find_element(By.CSS_SELECTOR, "[data-due-total]").text)


def term(driver):
    return driver.find_element(By.CSS_SELECTOR, ".card-term").text


def main():
    driver = browser()
    try:
        sign_up(driver, BASE, "Kim", "a keen learner of words")
        driver.get(f"{BASE}/lessons/{SLUG}")
        button = driver.find_element(By.XPATH, '//button[starts-with(normalize-space(.), "Add these")]')
        count = int(re.search(r"Add these (\d+) words", button.text).group(1))
        click_and_wait(driver, button)
        check("words to your deck" in driver.page_source, f"the lesson's {count} words are added to a deck")

        driver.get(BASE + "/flashcards")
        check(due(driver) == count, f"{count} cards are due")
        click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Review now"))
        first = term(driver)
        check(not driver.find_element(By.CSS_SELECTOR, ".card-definition").is_displayed(), "the card shows the word, not its meaning")
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.SPACE)
        wait_for(driver, lambda d: d.find_element(By.CSS_SELECTOR, ".card-definition").is_displayed(), "space shows the answer")
        good = driver.find_element(By.CSS_SELECTOR, 'button[data-key="3"]').text
        check("10 min" in good, "Good says when the card comes back: " + good)
        page = driver.find_element(By.TAG_NAME, "html")
        driver.find_element(By.TAG_NAME, "body").send_keys("3")
        wait_for(driver, lambda d: d.find_element(By.TAG_NAME, "html") != page and term(d) != first, "3 grades it Good and the next card comes")
        check(due(driver) == count - 1, "one card fewer is due")

        second = term(driver)
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.SPACE)
        page = driver.find_element(By.TAG_NAME, "html")
        driver.find_element(By.TAG_NAME, "body").send_keys("1")
        wait_for(driver, lambda d: d.find_element(By.TAG_NAME, "html") != page and (not d.find_elements(By.CSS_SELECTOR, ".card-term") or term(d) != second),
                 "1 grades it Again: it comes back in a minute, not now")
        check(due(driver) == count - 2, "two cards fewer are due")

        driver.get(BASE + "/dashboard")
        check(int(driver.find_element(By.CSS_SELECTOR, "[data-flashcards-due]").text) == count - 2, "the dashboard's due count fell too")
        no_console_errors(driver)
    finally:
        driver.quit()


if __name__ == "__main__":
    run(main)

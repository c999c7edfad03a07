#!/usr/bin/env python3
"""A learner sits a practice test in a real browser (Debian's Chromium through Selenium).

Usage: test_flow.py BASE_URL TEST_SLUG

Sign up, start the test in exam mode (the timer counts down), answer and flag questions (the page
autosaves), highlight a phrase of the passage, reload (answers, flag and highlight are all still
there), move to the next section, answer there, review, submit, and check the result page (band,
evidence) and the dashboard's band chart. No console errors or CSP violations.
The Swift test WebTests/BrowserTests runs it against a real `bandup serve`.
"""
import sys
import time

from selenium.webdriver.common.by import By

from support import browser, check, click_and_wait, no_console_errors, run, sign_up, wait_for

BASE, SLUG = sys.argv[1].rstrip("/"), sys.argv[2]


def saves(driver):
    return int(driver.find_element(By.CSS_SELECTOR, ".save-status").get_attribute("data-saves") or 0)


def main():
    driver = browser()
    try:
        sign_up(driver, BASE, "Sam", "a patient test taker")
        driver.get(BASE + "/tests")
        start = driver.find_element(By.CSS_SELECTOR, f'form[action="/tests/{SLUG}/attempts"] input[value="exam"] ~ button')
        click_and_wait(driver, start)
        check("/tests/attempts/" in driver.current_url, "starting in exam mode opens the attempt")
        first = driver.find_element(By.CSS_SELECTOR, ".timer-value").text
        time.sleep(1.5)
        check(driver.find_element(By.CSS_SELECTOR, ".timer-value").text != first, "the timer counts down")

        driver.find_element(By.CSS_SELECTOR, 'input[name="q1"][value="TRUE"]').click()
        driver.find_element(By.CSS_SELECTOR, 'input[name="q2"][value="FALSE"]').click()
        driver.find_element(By.CSS_SELECTOR, 'input[name="flag"][value="3"]').click()
        wait_for(driver, lambda d: saves(d) >= 1, "answers are autosaved")
        check("answered" in driver.find_element(By.CSS_SELECTOR, '.nav-q[data-number="1"]').get_attribute("class"), "the navigator marks question 1 answered")

        # Highlight "quiet in winter" in the passage, as a mouse selection would.
        driver.execute_script("""
            const passage = document.querySelector('.passage'), walker = document.createTreeWalker(passage, NodeFilter.SHOW_TEXT);
            let node; while ((node = walker.nextNode())) { const at = node.data.indexOf('quiet in winter');
              if (at >= 0) { const range = document.createRange(); range.setStart(node, at); range.setEnd(node, at + 15);
                const selection = getSelection(); selection.removeAllRanges(); selection.addRange(range); break; } }
            passage.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));""")
        before = saves(driver)
        check(driver.find_element(By.CSS_SELECTOR, "mark.hl").text == "quiet in winter", "a selected phrase is highlighted")
        wait_for(driver, lambda d: saves(d) > before, "the highlight is saved")

        driver.refresh()
        check(driver.find_element(By.CSS_SELECTOR, 'input[name="q1"][value="TRUE"]').is_selected(), "after a reload the answers are still chosen")
        check(driver.find_element(By.CSS_SELECTOR, 'input[name="flag"][value="3"]').is_selected(), "and the flag is still set")
        check(driver.find_element(By.CSS_SELECTOR, "mark.hl").text == "quiet in winter", "and the highlight survives")
        check("flagged" in driver.find_element(By.CSS_SELECTOR, '.nav-q[data-number="3"]').get_attribute("class"), "the navigator shows the flag")

        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, 'button[value^="section-1"]'))
        check("Reading Passage 2" in driver.find_element(By.CSS_SELECTOR, "h1").text, "the next section opens")
        driver.find_element(By.NAME, "q14").send_keys("river")
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, 'button[value="review"]'))
        check("Review before you submit" in driver.page_source, "the review screen comes before submitting")
        check("37 questions not answered." in driver.page_source, "it counts the unanswered questions")
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, 'form.submit-form button[type="submit"]'))

        check(driver.current_url.endswith("/result"), "submitting shows the result")
        check("3 out of 40 correct, in exam mode." in driver.page_source, "the result counts the right answers")
        check(driver.find_element(By.CSS_SELECTOR, ".band-value").text == "2.0", "and gives the band from the Academic table")
        check(driver.find_elements(By.CSS_SELECTOR, "blockquote.evidence"), "every answer is reviewed with its evidence")

        driver.get(BASE + "/dashboard")
        check(driver.find_elements(By.CSS_SELECTOR, "svg.band-chart polyline.band-line"), "the dashboard draws the band chart")
        check("Reading band history" in driver.find_element(By.CSS_SELECTOR, "svg.band-chart title").get_attribute("textContent"),
              "the chart has an accessible title")

        no_console_errors(driver)
    finally:
        driver.quit()


if __name__ == "__main__":
    run(main)

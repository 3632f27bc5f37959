"""Opens avosync's dashboard in headless Chromium (Debian's, through its chromedriver), signs in
with the form as a person would, then visits each page, saves a screenshot of it and reports
what the browser shows. Prints one JSON object: for each page its title, final URL, visible text
and DOM, and whether it fits a phone's width.

Run by DashboardBrowserTests with DASHBOARD_URL, DASHBOARD_TOKEN_FILE, SCREENSHOTS (a directory)
and PAGES (a JSON list of [name, path]) set.
"""

import json
import os
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions

from dashboard_chromium import browser, new_wait, sign_in


def seen(driver, name):
    return {
        "name": name,
        "title": driver.title,
        "url": driver.current_url,
        "text": driver.find_element(By.TAG_NAME, "body").text,
        "dom": driver.page_source,
    }


def main():
    base = os.environ["DASHBOARD_URL"]
    with open(os.environ["DASHBOARD_TOKEN_FILE"]) as file:
        token = file.read().strip()
    screenshots = os.environ["SCREENSHOTS"]
    pages = json.loads(os.environ["PAGES"])
    os.makedirs(screenshots, exist_ok=True)
    report = {"pages": []}
    driver = browser()
    try:
        driver.get(base + "/ui/")
        wait = new_wait(driver)
        wait.until(expected_conditions.presence_of_element_located((By.ID, "token")))
        report["before_sign_in"] = seen(driver, "before sign-in")
        sign_in(driver, token, wait)
        wait.until(expected_conditions.presence_of_element_located((By.ID, "accounts")))
        report["after_sign_in"] = seen(driver, "after sign-in")
        report["cookies"] = [
            {key: cookie.get(key) for key in ("name", "httpOnly", "secure", "sameSite", "path")}
            for cookie in driver.get_cookies()
        ]
        for name, path in pages:
            driver.set_window_size(1280, 1000)
            driver.get(base + path)
            wait.until(expected_conditions.presence_of_element_located((By.TAG_NAME, "footer")))
            driver.save_screenshot(os.path.join(screenshots, name + ".png"))
            page = seen(driver, name)
            driver.set_window_size(390, 844)
            driver.save_screenshot(os.path.join(screenshots, name + "-phone.png"))
            page["fits_phone"] = driver.execute_script(
                "return document.documentElement.scrollWidth <= window.innerWidth + 1"
            )
            report["pages"].append(page)
    finally:
        driver.quit()
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()

"""Signs in to avosync's dashboard in headless Chromium (Debian's, through its chromedriver) with
a token, as a person would with the form, then follows every link that stays on the dashboard,
breadth first, and reports what the browser showed on each page. Prints one JSON object: the
pages, each with its URL, title, visible text and DOM.

Run by DashboardTenancyTests with DASHBOARD_URL, DASHBOARD_TOKEN_FILE and MAX_PAGES set.
"""

import json
import os
import sys
from urllib.parse import urldefrag, urljoin, urlparse

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions

from dashboard_chromium import browser, new_wait, sign_in


def on_dashboard(base, url):
    parsed, root = urlparse(url), urlparse(base)
    return parsed.netloc == root.netloc and parsed.path.startswith("/ui") and not parsed.path.startswith("/ui/sign-")


def main():
    base = os.environ["DASHBOARD_URL"]
    with open(os.environ["DASHBOARD_TOKEN_FILE"]) as file:
        token = file.read().strip()
    most = int(os.environ.get("MAX_PAGES", "80"))
    driver = browser()
    report = {"pages": []}
    try:
        wait = new_wait(driver)
        driver.get(base + "/ui/sign-in")
        sign_in(driver, token, wait)
        queue, seen = [base + "/ui/"], {base + "/ui/"}
        while queue and len(report["pages"]) < most:
            url = queue.pop(0)
            driver.get(url)
            wait.until(expected_conditions.presence_of_element_located((By.TAG_NAME, "footer")))
            report["pages"].append({
                "url": url,
                "title": driver.title,
                "text": driver.find_element(By.TAG_NAME, "body").text,
                "dom": driver.page_source,
            })
            for link in driver.find_elements(By.TAG_NAME, "a"):
                target = urldefrag(urljoin(url, link.get_attribute("href") or ""))[0]
                if on_dashboard(base, target) and target not in seen:
                    seen.add(target)
                    queue.append(target)
        report["left"] = len(queue)
    finally:
        driver.quit()
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()

"""Debian's headless Chromium through its chromedriver, and the dashboard's sign-in form filled in
as a person would: shared by the scripts that open avosync's dashboard in a real browser."""

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)


def sign_in(driver, token, wait):
    """Types `token` into the sign-in form the browser shows and submits it; returns once the
    browser has left the form."""
    wait.until(expected_conditions.presence_of_element_located((By.ID, "token")))
    driver.find_element(By.ID, "token").send_keys(token)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait.until(lambda driver: "sign-in" not in driver.current_url)


def new_wait(driver):
    return WebDriverWait(driver, 30)

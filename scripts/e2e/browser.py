"""Drives Debian's headless Chromium through chromedriver (selenium) against a served site.

  browser.py predict FORM_URL            fills the prediction form, submits it, checks the answer:
                                         in the site's layout and styled, a link back to the form,
                                         a feedback choice that starts empty and is required; then
                                         submits a refused input and checks the form comes back
                                         filled in, the problem listed and beside its field
  browser.py pages --out DIR URL...      opens each page at desktop and phone widths and in the
                                         dark colour scheme, saves screenshots, fails on
                                         console errors, on horizontal overflow at phone
                                         width, or when the dark scheme does not apply
  browser.py explain --out DIR FORM_URL  fills the prediction form, ticks "Explain this
                                         prediction", submits it, checks the answer page's
                                         chart (a bar per field with its signed value, largest
                                         first, in the layout, no overflow at phone width) in
                                         the light and dark colour schemes, and saves
                                         DIR/explain-light.png and
                                         DIR/explain-dark.png
  browser.py monitoring --out DIR URL FIELD
                                         opens a model card published with --requests, checks
                                         that its monitoring section's table shows FIELD as
                                         drifting (and its distributions chart), and saves a
                                         screenshot of the section as DIR/monitoring-FIELD.png

Exits 1 with one line per problem; never touches a network address other than the URLs given.
"""

import argparse
import os
import sys

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

# Name → (width, height, colour scheme).
VIEWS = {"desktop": (1280, 900, "light"), "phone": (390, 844, "light"), "desktop-dark": (1280, 900, "dark")}

# One person from the Adult test file, and a Gentoo penguin (the explain check's form); fields the
# form has that are not here get its first choice, or the number's minimum.
SAMPLE = {
    "island": "Biscoe",
    "bill_length_mm": "44.0",
    "bill_depth_mm": "16.0",
    "flipper_length_mm": "205",
    "body_mass_g": "4400",
    "age": "37",
    "workclass": "Private",
    "fnlwgt": "34146",
    "education": "HS-grad",
    "education-num": "9",
    "marital-status": "Married-civ-spouse",
    "occupation": "Craft-repair",
    "relationship": "Husband",
    "race": "White",
    "sex": "Male",
    "capital-gain": "0",
    "capital-loss": "0",
    "hours-per-week": "68",
    "native-country": "United-States",
}


# What sticks out past the viewport's right edge and is not inside a scrolling box: elements,
# and text (a long unbreakable word overflows its element without widening the element's box).
OVERFLOWING = """
const width = document.documentElement.clientWidth;
const scrolls = (e) => { for (let p = e.parentElement; p; p = p.parentElement) {
  if (p !== document.body && p !== document.documentElement && getComputedStyle(p).overflowX !== 'visible') return true;
} return false; };
const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '');
const found = [];
for (const e of document.querySelectorAll('body *')) {
  if (e.getBoundingClientRect().right > width + 1 && !scrolls(e)) found.push(name(e));
}
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node; (node = walker.nextNode()); ) {
  const range = document.createRange(); range.selectNodeContents(node);
  if (range.getBoundingClientRect().right > width + 1 && !scrolls(node.parentElement))
    found.push('text in ' + name(node.parentElement) + ': ' + JSON.stringify(node.textContent.trim().slice(0, 40)));
}
return found.slice(0, 5);
"""


def first(path_candidates):
    for path in path_candidates:
        if path and os.access(path, os.X_OK):
            return path
    return None


def start_browser():
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager download anything
    chromium = first([os.environ.get("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"])
    driver_path = first([os.environ.get("CHROMEDRIVER"), "/usr/bin/chromedriver"])
    if not chromium or not driver_path:
        sys.exit("browser: Debian's chromium and chromium-driver are needed (run scripts/setup)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--hide-scrollbars", "--no-first-run", "--disable-extensions"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(30)
    return driver


def fill(form):
    for control in form.find_elements(By.CSS_SELECTOR, "select, input"):
        name = control.get_attribute("name")
        if control.get_attribute("type") == "checkbox":
            continue  # "Explain this prediction": left as it is (unticked)
        if control.tag_name == "select":
            select = Select(control)
            values = [o.get_attribute("value") for o in select.options if o.get_attribute("value")]
            select.select_by_value(SAMPLE.get(name) if SAMPLE.get(name) in values else values[0])
        else:
            control.clear()
            control.send_keys(SAMPLE.get(name) or control.get_attribute("min") or "0")


def predict(driver, url):
    driver.get(url)
    form = driver.find_element(By.CSS_SELECTOR, "form.prediction-form")
    fill(form)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    try:
        WebDriverWait(driver, 20).until(expected_conditions.presence_of_element_located((By.TAG_NAME, "h1")))
        WebDriverWait(driver, 20).until(lambda d: d.current_url != url)
    except TimeoutException:
        return [f"{url}: no answer page after submitting the form (now at {driver.current_url})"]
    heading = driver.find_element(By.TAG_NAME, "h1").text
    if not heading.startswith("Prediction: "):
        return [f"{url}: the form's answer is not a prediction: {heading!r} at {driver.current_url}"]
    label = heading[len("Prediction: "):]
    if label not in ("<=50K", ">50K"):
        return [f"{url}: unexpected label {label!r}"]
    problems = themed(driver, url, "the answer")
    select = driver.find_elements(By.CSS_SELECTOR, "select[name=feedback]")
    if not select or select[0].get_attribute("required") is None or Select(select[0]).first_selected_option.get_attribute("value"):
        problems.append(f"{url}: the answer's feedback choice must start empty and be required")
    print(f"browser: {url} → {driver.current_url}: {heading}")
    return problems + refused(driver, url)


def themed(driver, form_url, what):
    """Problems with a page predict.cgi answered: it must wear the site's layout and stylesheet
    (the answer shells) and link back to the form."""
    problems = []
    header = driver.find_elements(By.CSS_SELECTOR, "header.site-header")
    if not header:
        problems.append(f"{form_url}: {what} is not in the site's layout (no header.site-header)")
    elif driver.execute_script("return getComputedStyle(arguments[0]).borderBottomStyle", header[0]) != "solid":
        problems.append(f"{form_url}: {what} does not get the site's stylesheet")
    if form_url not in [a.get_attribute("href") for a in driver.find_elements(By.TAG_NAME, "a")]:
        problems.append(f"{form_url}: {what} has no link back to the form")
    return problems


def refused(driver, url):
    """Submits the form with its browser checks removed and an age of -5000: predict.cgi must
    answer the form again, not JSON: filled in as it was sent, age's problem beside it and
    listed above the form."""
    driver.get(url)
    form = driver.find_element(By.CSS_SELECTOR, "form.prediction-form")
    fill(form)
    sent = {c.get_attribute("name"): c.get_attribute("value") for c in form.find_elements(By.CSS_SELECTOR, "select, input")}
    driver.execute_script(
        "for (const e of arguments[0].querySelectorAll('input, select')) "
        "{ e.removeAttribute('required'); e.removeAttribute('min'); e.removeAttribute('max'); }", form)
    age = form.find_element(By.CSS_SELECTOR, "input[name=age]")
    age.clear()
    age.send_keys("-5000")
    sent["age"] = "-5000"
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    try:
        WebDriverWait(driver, 20).until(lambda d: d.current_url != url)
        WebDriverWait(driver, 20).until(expected_conditions.presence_of_element_located((By.TAG_NAME, "h1")))
    except TimeoutException:
        return [f"{url}: no page after submitting a refused input (now at {driver.current_url})"]
    items = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "ul.problems li")]
    problems = themed(driver, url, "the refused form's page")
    if not any(item.startswith("age ") for item in items):
        problems.append(f"{url}: the refused form's page does not list age's problem: {items!r}")
    again = driver.find_elements(By.CSS_SELECTOR, "form.prediction-form")
    if not again:
        return problems + [f"{url}: the refused form's page does not show the form again"]
    kept = {c.get_attribute("name"): c.get_attribute("value") for c in again[0].find_elements(By.CSS_SELECTOR, "select, input")}
    if kept != sent:
        lost = sorted(name for name in sent if kept.get(name) != sent[name])
        problems.append(f"{url}: the form came back without what was sent in {', '.join(lost)}")
    errors = [e for e in driver.find_elements(By.CSS_SELECTOR, ".field-error") if e.is_displayed()]
    beside = [e.get_attribute("id") for e in errors]
    if beside != ["field-age-error"]:
        problems.append(f"{url}: the problems shown beside fields are {beside!r}, not only age's")
    elif age_id := driver.find_element(By.CSS_SELECTOR, "input[name=age]").get_attribute("aria-describedby"):
        if age_id != "field-age-error":
            problems.append(f"{url}: age's input is not described by its problem ({age_id!r})")
    print(f"browser: {url} refused: {items}, beside: {[e.text for e in errors]}")
    return problems


def pages(driver, urls, out):
    os.makedirs(out, exist_ok=True)
    problems = []
    for index, url in enumerate(urls):
        backgrounds = {}
        for name, (width, height, scheme) in VIEWS.items():
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": height, "deviceScaleFactor": 1, "mobile": name == "phone"})
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
                "features": [{"name": "prefers-color-scheme", "value": scheme}]})
            driver.get_log("browser")  # drop what earlier pages logged
            driver.get(url)
            WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")
            errors = [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
            problems += [f"{url} ({name}): console error: {message}" for message in errors]
            title = driver.title
            if not title:
                problems.append(f"{url} ({name}): the page has no title")
            overflow = driver.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if name == "phone" and overflow > 0:
                wide = driver.execute_script(OVERFLOWING)
                problems.append(f"{url} ({name}): {overflow}px of horizontal overflow, from {', '.join(wide)}")
            backgrounds[scheme] = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
            file = os.path.join(out, f"{index + 1:02d}-{slug(url)}-{name}.png")
            driver.save_screenshot(file)
            print(f"browser: {url} at {width}px, {scheme}: {title!r}, overflow {overflow}px, "
                  f"{len(errors)} console errors → {file}")
        if backgrounds.get("light") == backgrounds.get("dark"):
            problems.append(f"{url}: the dark colour scheme has the light background {backgrounds.get('light')}")
    return problems


def explain(driver, url, out):
    """The form with its "Explain this prediction" box ticked: the answer page must show the
    explanation's chart, one bar per field (or the rest summed) each with its signed value, the
    largest first, in the site's layout; the bars must be coloured apart from the page in both
    colour schemes. Saves the section's screenshot per scheme."""
    os.makedirs(out, exist_ok=True)
    problems = []
    for scheme in ("light", "dark"):
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "features": [{"name": "prefers-color-scheme", "value": scheme}]})
        driver.get(url)
        form = driver.find_element(By.CSS_SELECTOR, "form.prediction-form")
        fill(form)
        box = form.find_elements(By.CSS_SELECTOR, "input[type=checkbox][name=explain]")
        if not box:
            return [f"{url}: the form has no 'Explain this prediction' box"]
        box[0].click()
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        try:
            WebDriverWait(driver, 20).until(lambda d: d.current_url != url)
            WebDriverWait(driver, 20).until(expected_conditions.presence_of_element_located((By.TAG_NAME, "h1")))
        except TimeoutException:
            return problems + [f"{url}: no answer page after submitting the form (now at {driver.current_url})"]
        heading = driver.find_element(By.TAG_NAME, "h1").text
        if not heading.startswith("Prediction: "):
            return problems + [f"{url}: the explained answer is not a prediction: {heading!r}"]
        if scheme == "light":
            problems += themed(driver, url, "the explained answer")
        charts = driver.find_elements(By.CSS_SELECTOR, "section.explanation svg")
        if not charts:
            return problems + [f"{url} ({scheme}): the explained answer has no chart (section.explanation svg)"]
        bars = charts[0].find_elements(By.CSS_SELECTOR, "rect.bar")
        values = [t.text for t in charts[0].find_elements(By.CSS_SELECTOR, "text.value")]
        if not bars or len(values) != len(bars):
            problems.append(f"{url} ({scheme}): {len(bars)} bars and {len(values)} signed values")
        if any(not v or v[0] not in "+−" for v in values):
            problems.append(f"{url} ({scheme}): a bar's value does not carry its sign: {values}")
        magnitudes = [float(v[1:]) for v in values if v and v[0] in "+−"]
        # The summed "other N fields" bar, when there is one, comes last whatever its size.
        own = magnitudes[:-1] if "other " in charts[0].text else magnitudes
        if own != sorted(own, reverse=True):
            problems.append(f"{url} ({scheme}): the bars are not largest first: {values}")
        background = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
        fills = {driver.execute_script("return getComputedStyle(arguments[0]).fill", b) for b in bars}
        if background in fills:
            problems.append(f"{url} ({scheme}): a bar is filled with the page's background {background}")
        # On a phone the chart shrinks to the page's width rather than overflowing it.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            problems.append(f"{url} ({scheme}): the explained answer overflows a phone's width by {overflow}px: "
                            f"{', '.join(driver.execute_script(OVERFLOWING))}")
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        # The answer from its heading through the chart, in one picture.
        section = driver.find_element(By.CSS_SELECTOR, "section.explanation")
        bottom = driver.execute_script(
            "return arguments[0].getBoundingClientRect().bottom + window.scrollY", section)
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 1280, "height": int(min(max(bottom, 400), 3000)) + 24, "deviceScaleFactor": 1, "mobile": False})
        driver.execute_script("window.scrollTo(0, 0)")
        file = os.path.join(out, f"explain-{scheme}.png")
        driver.save_screenshot(file)
        print(f"browser: {url} explained ({scheme}): {heading}; bars {values}; fills {sorted(fills)} → {file}")
    return problems


def monitoring(driver, url, field, out):
    os.makedirs(out, exist_ok=True)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    driver.get(url)
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")
    headings = driver.find_elements(By.CSS_SELECTOR, "h2#monitoring")
    if not headings:
        return [f"{url}: no monitoring section (h2#monitoring)"]
    # The verdict's column by its heading (the row's first cell, the field, is a th).
    headers = [th.text for th in driver.find_elements(
        By.XPATH, "//h2[@id='monitoring']/following::table[1]/thead/tr/th")]
    if "Verdict" not in headers:
        return [f"{url}: the monitoring table has no Verdict column: {headers}"]
    column = headers.index("Verdict") - 1
    rows = {}
    unused = set()
    for row in driver.find_elements(By.XPATH, "//h2[@id='monitoring']/following::table[1]/tbody/tr"):
        name = field_name(row.find_element(By.TAG_NAME, "th").text)
        if name != row.find_element(By.TAG_NAME, "th").text.strip():
            unused.add(name)
        rows[name] = [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
    problems = []
    if field not in rows:
        return [f"{url}: the monitoring table has no row for {field}: {sorted(rows)}"]
    verdict = rows[field][column] if len(rows[field]) > column else ""
    # "drift (wasserstein)": the verdict, then what drifted.
    if verdict.split(" (")[0] != "drift":
        problems.append(f"{url}: {field}'s verdict is {verdict!r}, expected 'drift (…)': {rows[field]}")
    charts = driver.find_elements(By.XPATH, f"//h3[normalize-space()='{field}: reference and requests']")
    if not charts:
        problems.append(f"{url}: no distributions chart for {field}")
    # The section, from its heading to the next one, in one picture.
    height = driver.execute_script("""
        const start = document.getElementById('monitoring');
        let end = start.nextElementSibling;
        while (end && end.tagName !== 'H2') end = end.nextElementSibling;
        start.scrollIntoView();
        return (end ? end.getBoundingClientRect().top : document.body.scrollHeight) - start.getBoundingClientRect().top;
    """)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 1280, "height": int(min(max(height, 400), 4000)) + 40, "deviceScaleFactor": 1, "mobile": False})
    driver.execute_script("document.getElementById('monitoring').scrollIntoView()")
    file = os.path.join(out, f"monitoring-{slug(field)}.png")
    driver.save_screenshot(file)
    drifting = sorted(
        name for name, cells in rows.items() if len(cells) > column and cells[column].startswith("drift"))
    print(f"browser: {url} monitoring: {field}{UNUSED_MARK if field in unused else ''} {verdict!r} "
          f"({rows[field][0]} {rows[field][1]}); drifting: {', '.join(drifting)} → {file}")
    return problems


# What the monitoring table puts after the name of a field no tree splits on (the
# monitoring partial and `modelpress monitor`: "age (unused)").
UNUSED_MARK = " (unused)"


def field_name(cell):
    """The field a monitoring row names: its first cell without the mark of an unused field,
    so that a field is found whether the model uses it or not."""
    text = cell.strip()
    return text[:-len(UNUSED_MARK)] if text.endswith(UNUSED_MARK) else text


def slug(url):
    path = url.split("://", 1)[-1].split("/", 1)[-1].rstrip("/") or "index"
    return "".join(c if c.isalnum() else "-" for c in path.removesuffix(".html").removesuffix("/index"))[-60:]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    predict_parser = commands.add_parser("predict")
    predict_parser.add_argument("urls", nargs="+")
    pages_parser = commands.add_parser("pages")
    pages_parser.add_argument("--out", required=True)
    pages_parser.add_argument("urls", nargs="+")
    explain_parser = commands.add_parser("explain")
    explain_parser.add_argument("--out", required=True)
    explain_parser.add_argument("url")
    monitoring_parser = commands.add_parser("monitoring")
    monitoring_parser.add_argument("--out", required=True)
    monitoring_parser.add_argument("url")
    monitoring_parser.add_argument("field")
    args = parser.parse_args()

    driver = start_browser()
    try:
        if args.command == "predict":
            problems = [p for url in args.urls for p in predict(driver, url)]
        elif args.command == "explain":
            problems = explain(driver, args.url, args.out)
        elif args.command == "monitoring":
            problems = monitoring(driver, args.url, args.field, args.out)
        else:
            problems = pages(driver, args.urls, args.out)
    except WebDriverException as error:
        problems = [f"browser: {error.msg or error}"]
    finally:
        driver.quit()
    for problem in problems:
        print(f"browser: FAIL {problem}", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

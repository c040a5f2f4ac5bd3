"""A reader finds their way around the site in a real browser, as a person would."""

from django.conf import settings


def test_reader_follows_section_article_tag_and_author_and_searches(reader_site, open_page):
    page = open_page("/")
    assert page.title() == settings.NEWSROOM["SITE_NAME"]

    page.get_by_role("navigation", name="Sections").get_by_role("link", name="World").click()
    page.wait_for_url("**/world/")
    assert page.locator("h1").inner_text() == "World"

    page.get_by_role("link", name="NATO Chief Mark Rutte Confirms", exact=False).first.click()
    page.wait_for_url(f"**{reader_site['article']}")
    assert "NATO Chief Mark Rutte" in page.locator("h1").inner_text()
    assert page.locator("article time").first.get_attribute("datetime").startswith("2025-03-14")

    page.get_by_role("link", name="Ukraine", exact=True).click()
    page.wait_for_url("**/tags/ukraine/")
    assert page.locator("h1").inner_text() == "Ukraine"

    page.locator(".card-headline a").first.click()
    page.get_by_role("link", name="Newsroom Staff").first.click()
    page.wait_for_url("**/authors/newsroom-staff/")
    assert page.locator("h1").inner_text() == "Newsroom Staff"

    search = page.get_by_role("searchbox", name="Search articles")
    search.fill("ceasefire")
    search.press("Enter")
    page.wait_for_url("**/search/?q=ceasefire")
    results = page.locator(".results .card")
    assert results.count() == 1
    assert "Rutte" in results.first.locator(".card-headline").inner_text()
    assert results.first.locator("mark").first.inner_text().lower() == "ceasefire"

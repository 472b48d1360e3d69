"""A Spanish-speaking patient (User.language "es") fills in the whole intake in a real browser,
at phone and desktop size, through to "Enviar": two medicines added with the page's script,
a refused signature in Spanish, and no serious accessibility violation on the Spanish steps.

The depression, PHQ-9 and safety steps are answered by their inputs' names and values, so
the journey holds whatever language those steps are in; the Spanish is checked on the rest."""

import pytest
from playwright.sync_api import expect

from intake.models import Intake, Status
from portal.tests.browser.test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def spanish_page(patient, patient_page):
    patient.language = "es"
    patient.save(update_fields=["language"])
    return patient_page


def group(scope, name):
    return scope.get_by_role("group", name=name, exact=False)


def answer(scope, question, choice):
    group(scope, question).get_by_label(choice, exact=True).check()


def pick(page, name, value):
    page.locator(f'input[name="{name}"][value="{value}"]').check()


def save_and_continue(page):
    page.get_by_role("button", name="Guardar y continuar").click()


def expect_step(page, number):
    expect(page.get_by_text(f"Paso {number} de 8")).to_be_visible()


def no_sideways_scrolling(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def accessible(page):
    assert page.locator("html").get_attribute("lang") == "es"
    assert violations(page) == [], page.url
    no_sideways_scrolling(page)


def fill_medicine(row, *, name, dose, weeks, result):
    row.get_by_label("Nombre del medicamento").fill(name)
    row.get_by_label("Dosis diaria más alta, en mg (opcional)").fill(dose)
    row.get_by_label("Semanas con esa dosis (opcional)").fill(weeks)
    answer(row, "¿Fue durante su episodio actual de depresión?", "Sí")
    answer(row, "¿Lo tomó junto con otro antidepresivo", "No")
    answer(row, "¿Cómo le funcionó?", result)


def test_a_spanish_patient_fills_in_and_sends_the_whole_intake(spanish_page, patient, screen):
    page = spanish_page
    page.goto("/intake/")
    expect(page.get_by_role("heading", name="Mi formulario", level=1)).to_be_visible()
    expect(page.get_by_text("Hay 8 pasos cortos.")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="Empezar mi formulario de ingreso").click()

    # 1. Sobre usted: the account's language is already chosen.
    expect_step(page, 1)
    expect(page.get_by_role("heading", name="Sobre usted", level=1)).to_be_visible()
    language = group(page, "Idioma del portal y de sus correos electrónicos")
    expect(language.get_by_label("Español", exact=True)).to_be_checked()
    page.locator('input[name="date_of_birth_0"]').fill("3")
    page.locator('input[name="date_of_birth_1"]').fill("27")
    page.locator('input[name="date_of_birth_2"]').fill("1980")
    page.get_by_label("Número de teléfono").fill("555-123-4567")
    answer(page, "¿Cuál es la mejor manera de comunicarnos con usted?", "Mensaje de texto")
    answer(page, "¿Cuál es el mejor momento para comunicarnos con usted?", "Noche")
    accessible(page)
    save_and_continue(page)

    # 2. Depression (another helper's words): by the inputs.
    expect_step(page, 2)
    pick(page, "diagnosis", "mdd_recurrent")
    page.locator('select[name="episode_start_month"]').select_option("3")
    page.locator('input[name="episode_start_year"]').fill("2023")
    for name, value in (
        ("past_episodes", "two_to_three"),
        ("hospital_stays", "no"),
        ("psychosis", "no"),
        ("high_mood", "no"),
        ("substance_use_90d", "no"),
    ):
        pick(page, name, value)
    save_and_continue(page)

    # 3. PHQ-9 (another helper's words): 2 on each of the first eight, 0 on item 9.
    expect_step(page, 3)
    for number in range(1, 9):
        pick(page, f"phq9_{number}", "2")
    pick(page, "phq9_9", "0")
    pick(page, "phq9_difficulty", "2")
    save_and_continue(page)

    # 4. Antidepresivos: two medicines, the second added by the page's script.
    expect_step(page, 4)
    expect(page.get_by_role("heading", name="Antidepresivos que ha probado")).to_be_visible()
    fill_medicine(
        group(page, "Medicamento 1"),
        name="Zoloft",
        dose="150",
        weeks="8",
        result="Sin un cambio real",
    )
    page.get_by_role("button", name="Agregar otro medicamento").click()
    expect(page.locator("[data-trial-status]")).to_have_text(
        "Se agregó una fila para otro medicamento."
    )
    second = group(page, "Medicamento 2")
    expect(second.get_by_role("button", name="Quitar el medicamento 2")).to_be_visible()
    fill_medicine(second, name="Lexapro", dose="20", weeks="10", result="Peor")
    accessible(page)
    save_and_continue(page)

    # 5. Otros tratamientos.
    expect_step(page, 5)
    answer(page, "¿Ha recibido terapia de conversación", "Sí")
    answer(page, "¿Qué tipo de terapia de conversación?", "Terapia cognitivo-conductual (TCC)")
    page.get_by_label("¿Más o menos cuántas semanas duró? (opcional)").fill("12")
    answer(page, "¿Cómo le funcionó la terapia de conversación?", "Sin un cambio real")
    answer(page, "¿Alguna vez recibió TEC", "No")
    answer(page, "¿Ha recibido EMT antes?", "No")
    answer(page, "¿Ha recibido ketamina o esketamina", "No")
    accessible(page)
    save_and_continue(page)

    # 6. Safety (another helper's words): "no" to each.
    expect_step(page, 6)
    for fieldset in page.locator(".safety-item fieldset").all():
        fieldset.locator('input[value="no"]').check()
    save_and_continue(page)

    # 7. Consentimiento y firma: a name that is not the account's is refused in Spanish.
    expect_step(page, 7)
    page.get_by_label("Mis respuestas son verdaderas").check()
    page.get_by_label("La clínica puede comunicarse conmigo").check()
    page.get_by_label("Escriba su nombre completo para firmar").fill("Alicia")
    save_and_continue(page)
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Revise esta respuesta")
    expect(summary).to_contain_text("El nombre que escribió no coincide")
    accessible(page)
    page.get_by_label("Escriba su nombre completo para firmar").fill("alice example")
    save_and_continue(page)

    # 8. Revisar y enviar.
    expect_step(page, 8)
    expect(
        page.get_by_role("heading", name="Revise y envíe su formulario de ingreso")
    ).to_be_visible()
    for medicine in ("Zoloft", "Lexapro"):
        expect(page.get_by_role("heading", name=medicine)).to_be_visible()
    expect(page.get_by_text("Español", exact=True)).to_be_visible()
    accessible(page)
    page.get_by_role("button", name="Enviar mi formulario de ingreso a la clínica").click()
    expect(
        page.get_by_text("Gracias. Su formulario de ingreso se envió a la clínica.")
    ).to_be_visible()
    expect(page.get_by_text("Enviado a la clínica")).to_be_visible()
    accessible(page)

    intake = Intake.objects.get(patient=patient)
    assert intake.status == Status.SUBMITTED
    assert [t.medication for t in intake.trials.order_by("position")] == ["Zoloft", "Lexapro"]
    assert intake.phq9_total == 16
    patient.refresh_from_db()
    assert patient.language == "es"

"""schema.org structured data (JSON-LD) for the reading pages.

Articles are ``MedicalWebPage`` with ``lastReviewed`` and ``reviewedBy`` (as MedlinePlus and the
NHS publish review dates); a question page is an ``FAQPage``.
"""

from django.utils.translation import gettext

from .rendering import plain_text, web_url

CONTEXT = "https://schema.org"
PATIENT_AUDIENCE = {"@type": "MedicalAudience", "audienceType": "Patient"}


def medical_web_page(article, url, request):
    data = {
        "@context": CONTEXT,
        "@type": "MedicalWebPage",
        "url": url,
        "name": article.title,
        "headline": article.title,
        "description": article.summary,
        "inLanguage": article.language or "en",
        "audience": PATIENT_AUDIENCE,
        "about": {"@type": "MedicalTherapy", "name": gettext("Transcranial magnetic stimulation")},
        "dateModified": article.updated.isoformat(),
        "isPartOf": {
            "@type": "FAQPage",
            "name": article.question.text,
            "url": request.build_absolute_uri(article.question.get_absolute_url()),
        },
    }
    if article.last_reviewed:
        data["lastReviewed"] = article.last_reviewed.isoformat()
    if article.reviewed_by:
        data["reviewedBy"] = {"@type": "Person", "name": article.reviewed_by}
    citations = [
        web_url(source.get("url")) for source in article.sources or [] if isinstance(source, dict)
    ]
    if any(citations):
        data["citation"] = [url for url in citations if url]
    return data


def faq_page(question, articles, url, request):
    return {
        "@context": CONTEXT,
        "@type": "FAQPage",
        "url": url,
        "name": question.text,
        "inLanguage": question.language or "en",
        "audience": PATIENT_AUDIENCE,
        "mainEntity": [
            {
                "@type": "Question",
                "name": question.text,
                "answerCount": len(articles),
                "acceptedAnswer": [
                    {
                        "@type": "Answer",
                        "name": article.title,
                        "text": plain_text(article.body),
                        "url": request.build_absolute_uri(article.get_anchor_url()),
                    }
                    for article in articles
                ],
            }
        ],
    }

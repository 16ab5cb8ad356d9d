import factory

from pastoral.importing import match_key
from pastoral.models import Assessment, Element, Rating, Theme, ToolVersion
from tests.factories import OrganisationFactory


class ToolVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ToolVersion

    label = factory.Sequence(lambda n: f"Tool version {n}")
    content_hash = factory.Sequence(lambda n: f"{n:064d}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    version = factory.SubFactory(ToolVersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Theme {n}")


class ElementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Element

    theme = factory.SubFactory(ThemeFactory)
    phase = 1
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Element of practice {n}")
    ref = ""
    examples = factory.LazyFunction(lambda: ["An example of practice"])
    match_key = factory.LazyAttribute(lambda e: match_key(theme=e.theme.title, element=e.text, ref=e.ref))


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    organisation = factory.SubFactory(OrganisationFactory)
    tool_version = factory.SubFactory(ToolVersionFactory)


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    assessment = factory.SubFactory(AssessmentFactory)
    element = factory.SubFactory(ElementFactory)
    rag = Rating.RAG.GREEN


def make_tool(themes, **version_fields):
    """A tool version from {theme title: [phase of each element, ...]}; returns the version."""
    version = ToolVersionFactory(**version_fields)
    for order, (title, phases) in enumerate(themes.items(), start=1):
        theme = ThemeFactory(version=version, title=title, order=order)
        for phase in phases:
            ElementFactory(theme=theme, phase=phase)
    return version


def elements_of(version):
    return list(Element.objects.filter(theme__version=version).order_by("theme__order", "phase", "order"))


def rate_all(assessment, rags):
    """Rates the assessment's elements in order with ``rags`` (a list of "red"/"amber"/"green"/"")."""
    for element, rag in zip(elements_of(assessment.tool_version), rags, strict=True):
        if rag:
            RatingFactory(assessment=assessment, element=element, rag=rag)

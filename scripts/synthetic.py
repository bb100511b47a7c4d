"""Synthetic Mexican municipal regulations, for tests and benchmarks.

A regulation is first built as a structured :class:`Regulation` (a flat, ordered list of
headings and articles; cross-references point at articles by a stable ``uid``) and only then
rendered to plain text in the conventional published layout (``TÍTULO PRIMERO`` + heading,
``CAPÍTULO I`` + heading, ``Artículo 45 Bis.-``, fracciones ``I.``, incisos ``a)``,
``TRANSITORIOS`` with ``PRIMERO.-``). Keeping structure and text apart makes derived
versions cheap for diff benchmarks: change the structure (see :func:`renumber`), render
again, and every internal reference follows the article it points at.

Everything is driven by one seeded :class:`random.Random`; there is no global state, so the
same arguments always give the same text. Building is linear in the number of articles
(100,000 articles take a few seconds).

>>> reg = build_regulation(12, seed=3)
>>> reg.article_keys()[:3], len(reg.article_keys())
(['1', '2', '3'], 12)
>>> text = render(reg)
>>> text == generate_regulation(12, seed=3) and text.startswith("REGLAMENTO DE DESARROLLO URBANO")
True
>>> print(text.split("\\n\\n")[1])
TÍTULO PRIMERO
DISPOSICIONES GENERALES
>>> renumber(reg).article_keys() == [str(i) for i in range(1, 13)]
True
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import NamedTuple

from implan_regs.model.numbers import SUFFIX_DISPLAY, SUFFIXES, int_to_ordinal, int_to_roman

DEFAULT_TITLE = ("Reglamento de Desarrollo Urbano, Zonificación y Construcción "
                 "del Municipio de Villa del Ejemplo, Coahuila")

# --------------------------------------------------------------------------- structure


@dataclass(frozen=True)
class Ref:
    """A cross-reference to another article of the same regulation, by its ``uid``."""

    uid: int


#: A run of text: strings and :class:`Ref` placeholders, joined when rendering.
Text = tuple


@dataclass
class Fraccion:
    text: Text
    incisos: list[Text] = field(default_factory=list)


@dataclass
class Article:
    uid: int  # stable identity: survives renumbering and reordering
    number: int
    suffix: str = ""  # '', 'bis', 'ter', ... (see implan_regs.model.numbers.SUFFIXES)
    paragraphs: list[Text] = field(default_factory=list)  # last one is the chapeau if fracciones
    fracciones: list[Fraccion] = field(default_factory=list)
    closing: list[Text] = field(default_factory=list)  # paragraphs after the fracciones
    derogated: bool = False
    note: str | None = None  # reform note printed on its own line after the article
    tight: bool = False  # fracciones/incisos on consecutive lines (no blank line between)

    @property
    def key(self) -> str:
        """The canonical key the importers give this article ('45bis')."""
        return f"{self.number}{self.suffix}"

    @property
    def label(self) -> str:
        """The number as cited in running text ('45 Bis')."""
        return f"{self.number} {SUFFIX_DISPLAY[self.suffix]}" if self.suffix else str(self.number)


@dataclass
class Heading:
    kind: str  # 'title' | 'chapter' | 'section'
    number: int  # 1-based within its parent; 0 means ÚNICO
    text: str


@dataclass
class Regulation:
    title: str
    items: list[Heading | Article]
    transitorios: list[Text]

    def articles(self) -> list[Article]:
        return [item for item in self.items if isinstance(item, Article)]

    def article_keys(self) -> list[str]:
        """Article keys in document order, as ``Document.articles()`` keys should read."""
        return [a.key for a in self.articles()]

    def counts(self) -> dict[str, int]:
        """What the text contains, with the level names of ``Document.counts()``."""
        counts = {"title": 0, "chapter": 0, "section": 0, "article": 0, "fraccion": 0,
                  "inciso": 0, "transitional": len(self.transitorios), "derogated": 0}
        for item in self.items:
            if isinstance(item, Heading):
                counts[item.kind] += 1
                continue
            counts["article"] += 1
            counts["derogated"] += item.derogated
            counts["fraccion"] += len(item.fracciones)
            counts["inciso"] += sum(len(f.incisos) for f in item.fracciones)
        return counts

    def references(self) -> list[tuple[str, str]]:
        """Internal cross-references as (citing article key, cited article key)."""
        by_uid = {a.uid: a for a in self.articles()}
        return [(a.key, by_uid[ref.uid].key) for a in self.articles()
                for ref in _refs_of(a) if ref.uid in by_uid]


def _refs_of(article: Article) -> Iterator[Ref]:
    for text in _texts_of(article):
        yield from (part for part in text if isinstance(part, Ref))


def _texts_of(article: Article) -> Iterator[Text]:
    yield from article.paragraphs
    for fraccion in article.fracciones:
        yield fraccion.text
        yield from fraccion.incisos
    yield from article.closing


# --------------------------------------------------------------------------- vocabulary


class Topic(NamedTuple):
    heading: str  # the título's heading
    chapters: list[str]  # chapter headings, used in turn
    matter: str  # "en materia de ..."
    permit: str  # the authorization this topic is about
    powers: list[str]  # what an authority does (infinitive phrases)
    duties: list[str]  # what private parties must do (infinitive phrases)


_TOPICS: dict[str, Topic] = {
    "general": Topic(
        "Disposiciones Generales",
        ["Del Objeto y Ámbito de Aplicación", "De las Autoridades Competentes",
         "De las Atribuciones de la Dirección", "Del Consejo Consultivo de Desarrollo Urbano"],
        "desarrollo urbano", "la constancia correspondiente",
        ["vigilar la observancia de este Reglamento y de los programas de desarrollo urbano",
         "coordinarse con las dependencias estatales y federales en materia de ordenamiento territorial",
         "integrar y mantener actualizado el registro de licencias y autorizaciones",
         "proponer al Cabildo las reformas al presente ordenamiento",
         "difundir entre la población los programas de desarrollo urbano vigentes",
         "emitir los lineamientos técnicos necesarios para la aplicación de este Reglamento",
         "celebrar convenios de coordinación con otros municipios de la zona metropolitana",
         "interpretar para efectos administrativos las disposiciones de este Reglamento"],
        ["observar las disposiciones de este Reglamento y de los programas de desarrollo urbano",
         "proporcionar a la autoridad la información que les sea requerida",
         "permitir el acceso al personal autorizado para realizar visitas de verificación"]),
    "suelo": Topic(
        "Del Uso de Suelo y la Zonificación",
        ["De la Zonificación", "De la Compatibilidad de Usos de Suelo", "De las Constancias de Uso de Suelo",
         "De los Usos Condicionados", "De los Cambios de Uso de Suelo"],
        "uso de suelo", "la constancia de uso de suelo",
        ["expedir las constancias de uso de suelo",
         "determinar la compatibilidad de los usos conforme a la tabla de zonificación",
         "someter al Cabildo las solicitudes de cambio de uso de suelo",
         "requerir el estudio de impacto urbano para los usos condicionados"],
        ["obtener la constancia de uso de suelo antes de iniciar cualquier actividad",
         "destinar el predio exclusivamente al uso autorizado",
         "presentar el estudio de impacto urbano cuando el uso sea condicionado",
         "acreditar la factibilidad de los servicios de agua potable y drenaje"]),
    "densidad": Topic(
        "De las Densidades e Intensidades de Construcción",
        ["De las Densidades de Vivienda", "Del Coeficiente de Ocupación del Suelo",
         "Del Coeficiente de Utilización del Suelo", "De las Alturas Máximas"],
        "densidades", "la autorización de incremento de densidad",
        ["fijar la densidad máxima de viviendas por hectárea de cada zona",
         "autorizar la transferencia de potencialidad de desarrollo",
         "verificar que los proyectos respeten los coeficientes de ocupación y utilización del suelo"],
        ["respetar la densidad máxima de viviendas por hectárea de la zona",
         "observar el coeficiente de ocupación del suelo autorizado",
         "abstenerse de rebasar el coeficiente de utilización del suelo de la zona",
         "ajustar la altura de la edificación al número de niveles permitido",
         "dejar libre de construcción la superficie permeable exigida"]),
    "licencias": Topic(
        "De las Licencias de Construcción",
        ["De las Licencias de Construcción", "De los Requisitos de la Licencia",
         "De los Directores Responsables de Obra", "De la Terminación de Obra", "De las Demoliciones"],
        "licencias de construcción", "la licencia de construcción",
        ["expedir las licencias de construcción, ampliación, remodelación y demolición",
         "llevar el registro de los Directores Responsables de Obra",
         "otorgar la constancia de terminación de obra",
         "ordenar la suspensión de los trabajos que no se ajusten a la licencia"],
        ["solicitar la licencia de construcción antes del inicio de la obra",
         "mantener en la obra una copia de la licencia y de los planos autorizados",
         "colocar en lugar visible el letrero con los datos de la licencia",
         "dar aviso de terminación de obra dentro de los quince días hábiles siguientes",
         "responder solidariamente por la seguridad estructural de la edificación"]),
    "alineamiento": Topic(
        "Del Alineamiento y Número Oficial",
        ["Del Alineamiento", "Del Número Oficial", "De las Restricciones de Construcción"],
        "alineamiento", "la constancia de alineamiento y número oficial",
        ["señalar el alineamiento oficial de los predios con frente a la vía pública",
         "asignar el número oficial a cada predio",
         "fijar las restricciones de construcción frontales y laterales"],
        ["respetar el alineamiento oficial señalado por la Dirección",
         "colocar el número oficial en un lugar visible desde la vía pública",
         "dejar libre la franja de restricción frontal del predio",
         "solicitar la constancia de alineamiento antes de bardear el predio"]),
    "estacionamientos": Topic(
        "De los Estacionamientos",
        ["De los Cajones de Estacionamiento", "De los Estacionamientos Públicos",
         "De las Dimensiones de los Cajones", "De los Estacionamientos para Bicicletas"],
        "estacionamientos", "la licencia de funcionamiento del estacionamiento",
        ["determinar el número de cajones que requiere cada uso conforme a la tabla de requerimientos",
         "autorizar el funcionamiento de los estacionamientos públicos",
         "aprobar la reducción de cajones en el Centro Histórico"],
        ["proveer el número de cajones de estacionamiento que exige la tabla de requerimientos",
         "reservar cajones para personas con discapacidad junto a los accesos",
         "instalar biciestacionamientos en proporción a los cajones para automóviles",
         "mantener señalizados los accesos y salidas vehiculares",
         "evitar que las maniobras de entrada y salida se realicen sobre la banqueta"]),
    "proteccion": Topic(
        "De la Protección Civil y la Seguridad Estructural",
        ["De las Medidas de Seguridad", "De las Zonas de Riesgo", "De los Dictámenes de Protección Civil",
         "De la Seguridad Estructural"],
        "protección civil", "el dictamen de protección civil",
        ["emitir los dictámenes de protección civil",
         "mantener actualizado el atlas municipal de riesgos",
         "ordenar la desocupación de las edificaciones que representen un riesgo"],
        ["obtener el dictamen favorable de la Unidad Municipal de Protección Civil",
         "abstenerse de construir en zonas de riesgo señaladas en el atlas municipal",
         "contar con salidas de emergencia y rutas de evacuación señalizadas",
         "presentar la memoria de cálculo estructural firmada por el corresponsable",
         "instalar los sistemas contra incendio que exijan las normas técnicas"]),
    "imagen": Topic(
        "De la Imagen Urbana",
        ["De la Imagen Urbana", "De los Anuncios", "De las Fachadas", "Del Centro Histórico",
         "Del Mobiliario Urbano"],
        "imagen urbana", "el permiso de anuncio",
        ["expedir los permisos de anuncios",
         "aprobar la paleta de colores del Centro Histórico",
         "ordenar el retiro de los anuncios que carezcan de permiso"],
        ["conservar las fachadas en buen estado de pintura y limpieza",
         "obtener el permiso de anuncio antes de su colocación",
         "respetar la paleta de colores autorizada para el Centro Histórico",
         "retirar los anuncios cuyo permiso haya vencido",
         "ocultar las instalaciones de gas, agua y electricidad visibles desde la vía pública"]),
    "fraccionamientos": Topic(
        "De los Fraccionamientos y Condominios",
        ["De los Fraccionamientos", "De las Áreas de Donación", "De la Municipalización",
         "De los Condominios"],
        "fraccionamientos", "la autorización del fraccionamiento",
        ["autorizar los proyectos de fraccionamiento y de régimen en condominio",
         "recibir las áreas de donación y las obras de urbanización",
         "hacer efectivas las fianzas cuando las obras no se concluyan"],
        ["ceder al Municipio las áreas de donación que señala este Reglamento",
         "ejecutar las obras de urbanización conforme al proyecto autorizado",
         "otorgar la fianza que garantice la ejecución de las obras de urbanización",
         "entregar al Municipio las vialidades y redes de servicios terminadas",
         "abstenerse de enajenar lotes antes de obtener la autorización correspondiente"]),
    "via": Topic(
        "De la Vía Pública y la Movilidad",
        ["De la Vía Pública", "De las Banquetas", "De la Movilidad no Motorizada",
         "De las Obras en la Vía Pública"],
        "vía pública", "el permiso para ocupar la vía pública",
        ["otorgar los permisos para ocupar temporalmente la vía pública",
         "fijar las secciones mínimas de banquetas y vialidades",
         "retirar los obstáculos colocados sin permiso en la vía pública"],
        ["mantener las banquetas libres de obstáculos para el tránsito peatonal",
         "construir las rampas de accesibilidad en las esquinas",
         "solicitar el permiso para ocupar la vía pública con materiales de construcción",
         "reparar los daños causados a la vía pública por la ejecución de obras"]),
    "ambiente": Topic(
        "De las Áreas Verdes y el Medio Ambiente",
        ["De las Áreas Verdes", "Del Arbolado Urbano", "De los Residuos de la Construcción"],
        "áreas verdes", "la autorización de poda o derribo",
        ["autorizar la poda o el derribo de árboles en la vía pública",
         "determinar las especies nativas recomendadas para cada zona"],
        ["plantar las especies nativas que determine la Dirección de Medio Ambiente",
         "obtener la autorización antes de podar o derribar árboles",
         "disponer los residuos de la construcción en los sitios autorizados",
         "conservar el arbolado existente en el frente del predio"]),
    "sanciones": Topic(
        "De las Infracciones y Sanciones",
        ["De la Inspección y Vigilancia", "De las Medidas de Seguridad", "De las Infracciones",
         "De las Sanciones"],
        "sanciones", "la orden de inspección",
        ["practicar visitas de inspección para verificar el cumplimiento de este Reglamento",
         "imponer las sanciones que correspondan a las infracciones cometidas",
         "ordenar la suspensión o clausura de las obras ejecutadas sin licencia",
         "levantar el acta circunstanciada de cada visita de inspección",
         "turnar a la Tesorería Municipal las multas impuestas para su cobro"],
        ["cubrir las multas impuestas dentro de los quince días hábiles siguientes a su notificación",
         "demoler por su cuenta las obras ejecutadas en contravención de este Reglamento",
         "respetar los sellos de suspensión o clausura colocados por la autoridad"]),
    "recursos": Topic(
        "De los Medios de Defensa",
        ["Del Recurso de Inconformidad", "Del Procedimiento", "De la Resolución del Recurso"],
        "recursos administrativos", "la resolución del recurso",
        ["resolver el recurso dentro de los treinta días hábiles siguientes a su admisión",
         "notificar personalmente la resolución al recurrente",
         "suspender la ejecución del acto impugnado cuando así proceda"],
        ["interponer el recurso de inconformidad dentro de los quince días hábiles siguientes",
         "acompañar al escrito del recurso las pruebas que se ofrezcan",
         "señalar domicilio para oír y recibir notificaciones en el Municipio"]),
}
_MIDDLE_TOPICS = ["suelo", "densidad", "licencias", "alineamiento", "estacionamientos", "proteccion",
                  "imagen", "fraccionamientos", "via", "ambiente"]


class Actor(NamedTuple):
    name: str
    plural: bool
    feminine: bool


_AUTHORITIES = [Actor("La Dirección", False, True), Actor("El Instituto", False, False),
                Actor("La autoridad municipal", False, True), Actor("El Ayuntamiento", False, False),
                Actor("La Unidad Municipal de Protección Civil", False, True)]
_PRIVATE_PARTIES = [Actor("Los propietarios o poseedores de predios", True, False),
                    Actor("Los Directores Responsables de Obra", True, False),
                    Actor("Los fraccionadores", True, False), Actor("Los particulares", True, False),
                    Actor("Los titulares de licencias", True, False), Actor("El solicitante", False, False),
                    Actor("Las personas físicas o morales", True, True)]
_CONDITIONS = [
    "cuando el predio se ubique dentro de una zona de conservación patrimonial",
    "en los términos que señale el Programa Municipal de Desarrollo Urbano",
    "dentro de un plazo no mayor de quince días hábiles",
    "previo pago de los derechos que establezca la Ley de Ingresos del Municipio",
    "sin perjuicio de lo dispuesto en otras disposiciones aplicables",
    "de conformidad con las normas técnicas complementarias",
    "en los casos en que así lo determine la Dirección",
    "siempre que no se afecte la seguridad de los colindantes",
    "cuando la superficie construida exceda de doscientos metros cuadrados",
]
_INTERNAL_REFS = ["conforme al artículo {} de este Reglamento",
                  "en términos de lo dispuesto por el artículo {} del presente ordenamiento",
                  "con sujeción a lo previsto en el artículo {} de este Reglamento",
                  "salvo lo dispuesto en el artículo {}"]
_EXTERNAL_REFS = ["de acuerdo con el artículo {} de la Ley General de Asentamientos Humanos, "
                  "Ordenamiento Territorial y Desarrollo Urbano",
                  "según lo dispuesto por el artículo {} de la Ley de Asentamientos Humanos y "
                  "Desarrollo Urbano del Estado",
                  "conforme al artículo {} del Código Municipal"]
_CONNECTORS = ["Asimismo,", "En todo caso,", "Para efectos de lo anterior,", "Sin perjuicio de lo anterior,",
               "Adicionalmente,", "En caso de incumplimiento,"]
_NUMBER_WORDS = ["cinco", "diez", "quince", "veinte", "treinta", "cincuenta", "cien", "doscientas"]
_FIXED_SENTENCES = [
    "{permit_cap} tendrá una vigencia de {years} años, contados a partir de la fecha de su expedición",
    "Las solicitudes relativas a {permit} se resolverán dentro de un plazo de {n} días hábiles",
    "El incumplimiento de las obligaciones en materia de {matter} se sancionará con multa de {n} a "
    "{m} veces el valor diario de la Unidad de Medida y Actualización",
    "Queda prohibido ejecutar cualquier acto en materia de {matter} sin contar con {permit}",
]
_POWERS_CHAPEAUX = ["Son atribuciones {of_actor} en materia de {matter}:",
                    "Corresponde {to_actor}, en materia de {matter}:",
                    "En materia de {matter}, {actor_lc} tendrá las facultades siguientes:"]
_DUTIES_CHAPEAUX = ["{actor} {modal} cumplir con lo siguiente:",
                    "Son obligaciones {of_actor} en materia de {matter}:",
                    "En materia de {matter}, {actor_lc} {modal} observar las disposiciones siguientes:"]
_REQUIREMENTS_CHAPEAU = "Para obtener {permit}, el solicitante deberá presentar los documentos siguientes:"
_DOCUMENTS = ["Solicitud en el formato oficial debidamente requisitada",
              "Copia de la escritura pública que acredite la propiedad del predio",
              "Constancia de alineamiento y número oficial vigente",
              "Constancia de uso de suelo",
              "Proyecto arquitectónico firmado por el Director Responsable de Obra",
              "Memoria de cálculo estructural",
              "Comprobante de pago del impuesto predial al corriente",
              "Dictamen de factibilidad de servicios emitido por el organismo operador",
              "Identificación oficial del propietario o de su representante legal",
              "Estudio de impacto vial, cuando así lo requiera la Dirección",
              "Fotografías del predio y de sus colindancias"]
_INCISO_LEADS = [", que deberá contener:", ", en el que se indique:", ", conforme a lo siguiente:"]
_INCISOS = ["la ubicación y superficie del predio", "el número de niveles y la altura total",
            "los cajones de estacionamiento requeridos", "las restricciones de construcción aplicables",
            "el uso de suelo solicitado", "la densidad de vivienda propuesta",
            "las medidas de mitigación de impactos", "el nombre y firma del Director Responsable de Obra",
            "las plantas, cortes y fachadas del proyecto", "la superficie de área permeable",
            "el cuadro de áreas por nivel", "la memoria descriptiva de la obra"]
_DEFINITIONS = [
    ("Alineamiento", "la traza sobre el terreno que limita el predio con la vía pública"),
    ("Área de donación", "la superficie que el fraccionador cede gratuitamente al Municipio"),
    ("Ayuntamiento", "el Republicano Ayuntamiento del Municipio"),
    ("Banqueta", "la porción de la vía pública destinada al tránsito de peatones"),
    ("Cabildo", "el órgano colegiado de gobierno del Municipio"),
    ("Cajón de estacionamiento", "el espacio destinado al estacionamiento de un vehículo"),
    ("Centro Histórico", "el perímetro delimitado como tal en el programa parcial respectivo"),
    ("Coeficiente de Ocupación del Suelo (COS)",
     "el factor que multiplicado por la superficie del predio determina la superficie máxima de desplante"),
    ("Coeficiente de Utilización del Suelo (CUS)",
     "el factor que multiplicado por la superficie del predio determina la superficie máxima construida"),
    ("Condominio", "el inmueble cuya propiedad pertenece proindiviso a varias personas"),
    ("Constancia de uso de suelo", "el documento que señala los usos permitidos en un predio"),
    ("Densidad", "el número de viviendas permitidas por hectárea"),
    ("Dirección", "la Dirección General de Desarrollo Urbano del Municipio"),
    ("Director Responsable de Obra", "el profesionista que responde de la observancia de este Reglamento en una obra"),
    ("Equipamiento urbano", "el conjunto de inmuebles destinados a prestar servicios públicos"),
    ("Fraccionamiento", "la división de un terreno en lotes que requiera la apertura de vías públicas"),
    ("Imagen urbana", "la impresión visual que producen las características físicas de la ciudad"),
    ("Infraestructura", "las redes de agua potable, drenaje, electricidad y alumbrado"),
    ("Instituto", "el Instituto Municipal de Planeación"),
    ("Ley General", "la Ley General de Asentamientos Humanos, Ordenamiento Territorial y Desarrollo Urbano"),
    ("Licencia de construcción", "el acto administrativo que autoriza la ejecución de una obra"),
    ("Lote", "la fracción de terreno resultante de un fraccionamiento"),
    ("Mobiliario urbano", "los elementos instalados en la vía pública para el servicio de la población"),
    ("Movilidad", "el conjunto de desplazamientos de personas y bienes en el territorio"),
    ("Número oficial", "el número que la Dirección asigna a cada predio con frente a la vía pública"),
    ("Predio", "el terreno con o sin construcciones cuyos linderos forman un perímetro cerrado"),
    ("Programa", "el Plan Director de Desarrollo Urbano vigente"),
    ("Reglamento", "el presente Reglamento"),
    ("Restricción", "la franja del predio en la que no se permite construir"),
    ("Uso condicionado", "el uso que requiere un estudio de impacto para ser autorizado"),
    ("Uso de suelo", "el fin particular al que se destina un predio"),
    ("Vía pública", "todo espacio de uso común destinado al libre tránsito"),
    ("Vivienda", "el espacio construido destinado a la habitación"),
    ("Zona de riesgo", "el área expuesta a fenómenos perturbadores de origen natural o humano"),
    ("Zonificación", "la determinación de las áreas que integran el territorio municipal y sus usos"),
]
_TRANSITORIOS_FIXED = [
    "El presente Reglamento entrará en vigor al día siguiente de su publicación en el Periódico Oficial "
    "del Estado.",
    "Se abroga el Reglamento de Construcciones del Municipio publicado en el Periódico Oficial del Estado "
    "el 15 de marzo de 1996.",
    "Se derogan todas las disposiciones municipales que se opongan al presente Reglamento.",
]
_TRANSITORIOS_OPTIONAL = [
    "Los trámites iniciados con anterioridad a la entrada en vigor del presente Reglamento se resolverán "
    "conforme a las disposiciones vigentes al momento de su inicio.",
    "El Ayuntamiento expedirá las normas técnicas complementarias dentro de los noventa días naturales "
    "siguientes a la entrada en vigor de este Reglamento.",
    "Las licencias expedidas antes de la entrada en vigor del presente Reglamento conservarán su vigencia "
    "hasta su vencimiento.",
]
_NOTE_DATES = ["15 DE MARZO DE 2019", "2 DE JULIO DE 2021", "28 DE ENERO DE 2022", "9 DE OCTUBRE DE 2023"]

# --------------------------------------------------------------------------- building


def build_regulation(n_articles: int, *, seed: int = 0, title: str = DEFAULT_TITLE,
                     tight_lists: float = 0.0) -> Regulation:
    """Build the structure of a regulation with exactly ``n_articles`` articles (Bis included).

    ``tight_lists`` is the share of articles whose fracciones and incisos are printed on
    consecutive lines instead of being separated by blank lines (0: none, 1: all).
    """
    if n_articles < 1:
        raise ValueError("n_articles must be at least 1")
    rng = random.Random(seed)
    titles = _plan(rng, n_articles)
    topics = _title_topics(rng, len(titles))
    builder = _Builder(rng, n_articles, tight_lists)
    items: list[Heading | Article] = []
    for t_index, (chapters, topic) in enumerate(zip(titles, topics, strict=True), start=1):
        items.append(Heading("title", t_index, topic.heading))
        for c_index, size in enumerate(chapters, start=1):
            number = 0 if len(chapters) == 1 else c_index
            items.append(Heading("chapter", number, topic.chapters[(c_index - 1) % len(topic.chapters)]))
            items.extend(builder.chapter(topic, size))
    return Regulation(title, items, _transitorios(rng))


def generate_regulation(n_articles: int, *, seed: int = 0, title: str = DEFAULT_TITLE,
                        tight_lists: float = 0.0, wrap: int | None = None) -> str:
    """The plain text of a synthetic regulation (see :func:`build_regulation` and :func:`render`)."""
    return render(build_regulation(n_articles, seed=seed, title=title, tight_lists=tight_lists), wrap=wrap)


def _plan(rng: random.Random, n_articles: int) -> list[list[int]]:
    """Chapter sizes grouped by título; the sizes add up to ``n_articles``."""
    sizes: list[int] = []
    left = n_articles
    while left > 0:
        size = min(left, rng.randint(3, 14))
        sizes.append(size)
        left -= size
    n_titles = max(1, min(60, round(len(sizes) / 4)))
    cuts = sorted(rng.sample(range(1, len(sizes)), n_titles - 1)) if n_titles > 1 else []
    bounds = [0, *cuts, len(sizes)]
    return [sizes[a:b] for a, b in pairwise(bounds)]


def _title_topics(rng: random.Random, n_titles: int) -> list[Topic]:
    tail = ["sanciones", "recursos"][: max(0, n_titles - 1)]
    start = rng.randrange(len(_MIDDLE_TOPICS))
    middle = [_MIDDLE_TOPICS[(start + i) % len(_MIDDLE_TOPICS)] for i in range(n_titles - 1 - len(tail))]
    return [_TOPICS[key] for key in ("general", *middle, *tail)]


def _transitorios(rng: random.Random) -> list[Text]:
    extra = [t for t in _TRANSITORIOS_OPTIONAL if rng.random() < 0.6]
    return [(t,) for t in _TRANSITORIOS_FIXED + extra]


class _Builder:
    """Writes articles one after another, remembering what later ones may cite."""

    def __init__(self, rng: random.Random, n_articles: int, tight_lists: float):
        self.rng = rng
        self.n_articles = n_articles
        self.tight_lists = tight_lists
        self.uid = 0
        self.number = 0
        self.citable: list[Article] = []
        self.previous: Article | None = None

    def chapter(self, topic: Topic, size: int) -> list[Heading | Article]:
        out: list[Heading | Article] = []
        sections = self._section_sizes(size)
        for s_index, s_size in enumerate(sections, start=1):
            if len(sections) > 1:
                out.append(Heading("section", s_index, _section_heading(topic, s_index)))
            out.extend(self.article(topic, first=(i == 0)) for i in range(s_size))
        return out

    def _section_sizes(self, size: int) -> list[int]:
        if size < 6 or self.rng.random() > 0.15:
            return [size]
        first = self.rng.randint(2, size - 2)
        return [first, size - first]

    def article(self, topic: Topic, *, first: bool) -> Article:
        rng = self.rng
        previous = self.previous
        if previous and not first and self.uid > 3 and rng.random() < 0.03:
            suffix = SUFFIXES[SUFFIXES.index(previous.suffix) + 1] if previous.suffix else "bis"
        else:
            self.number += 1
            suffix = ""
        article = Article(self.uid, self.number, suffix, tight=rng.random() < self.tight_lists)
        self.uid += 1
        self._fill(article, topic)
        if not article.derogated:
            self.citable.append(article)
        self.previous = article
        return article

    def _fill(self, article: Article, topic: Topic) -> None:
        rng = self.rng
        if article.uid == 0:
            article.paragraphs.append(_object_paragraph())
        elif article.uid == 1:
            self._definitions(article)
        elif article.uid > 4 and rng.random() < 0.02:
            article.derogated = True
            article.paragraphs.append(("Se deroga.",))
        else:
            self._body(article, topic)
        if rng.random() < 0.01:
            verb = "DEROGADO" if article.derogated else "REFORMADO"
            article.note = f"({verb}, P.O. {rng.choice(_NOTE_DATES)})"

    def _definitions(self, article: Article) -> None:
        count = max(5, min(len(_DEFINITIONS), self.n_articles // 8))
        article.paragraphs.append(("Para los efectos de este Reglamento se entenderá por:",))
        chosen = sorted(self.rng.sample(range(len(_DEFINITIONS)), count))
        for i, index in enumerate(chosen):
            term, meaning = _DEFINITIONS[index]
            end = "." if i == count - 1 else ";"
            article.fracciones.append(Fraccion((f"{term}: {meaning}{end}",)))

    def _body(self, article: Article, topic: Topic) -> None:
        rng = self.rng
        article.paragraphs.append(self.paragraph(topic))
        if rng.random() < 0.3:
            article.paragraphs.append(self.paragraph(topic, connector=True))
        if rng.random() < 0.35:
            chapeau, bank = self._chapeau(topic)
            article.paragraphs.append(chapeau)
            article.fracciones = self._fracciones(bank)
            if rng.random() < 0.2:
                article.closing.append(self.paragraph(topic, connector=True))
        if self._previous_has_fracciones() and rng.random() < 0.3:
            article.closing.append(self._previous_fracciones_paragraph())

    def paragraph(self, topic: Topic, *, connector: bool = False) -> Text:
        first = self.sentence(topic, connector=connector)
        if self.rng.random() < 0.66:
            return tuple(first)
        second = self.sentence(topic)
        if second[0] == first[0]:  # the same clause twice reads badly: try once more
            second = self.sentence(topic)
        return (*first, " ", *second)

    def sentence(self, topic: Topic, *, connector: bool = False) -> list[str | Ref]:
        rng = self.rng
        text = self._fixed_sentence(topic) if rng.random() < 0.2 else self._actor_sentence(topic)
        if connector:
            text = f"{rng.choice(_CONNECTORS)} {_lower_first(text)}"
        parts: list[str | Ref] = [text]
        if rng.random() < 0.35:
            parts.append(", " + rng.choice(_CONDITIONS))
        parts.extend(self._reference())
        parts.append(".")
        return parts

    def _actor_sentence(self, topic: Topic) -> str:
        rng = self.rng
        power = rng.random() < 0.5
        actor = rng.choice(_AUTHORITIES if power else _PRIVATE_PARTIES)
        action = rng.choice(topic.powers if power else topic.duties)
        return f"{actor.name} {_modal(rng, actor, power=power)} {action}"

    def _fixed_sentence(self, topic: Topic) -> str:
        rng = self.rng
        low, high = sorted(rng.sample(range(len(_NUMBER_WORDS)), 2))
        return rng.choice(_FIXED_SENTENCES).format(
            permit=topic.permit, permit_cap=_upper_first(topic.permit), matter=topic.matter,
            years=rng.choice(("dos", "tres", "cinco")), n=_NUMBER_WORDS[low], m=_NUMBER_WORDS[high])

    def _reference(self) -> list[str | Ref]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.12 and self.citable:
            before, after = rng.choice(_INTERNAL_REFS).split("{}")
            return [", " + before, Ref(rng.choice(self.citable).uid), after]
        if roll < 0.16:
            return [", " + rng.choice(_EXTERNAL_REFS).format(rng.randint(1, 110))]
        return []

    def _chapeau(self, topic: Topic) -> tuple[Text, list[str]]:
        """A chapeau ending in ':' and the bank its fracciones are drawn from."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.25:
            return (_REQUIREMENTS_CHAPEAU.format(permit=topic.permit),), _DOCUMENTS
        power = roll < 0.65
        actor = rng.choice(_AUTHORITIES if power else _PRIVATE_PARTIES)
        template = rng.choice(_POWERS_CHAPEAUX if power else _DUTIES_CHAPEAUX)
        general = _TOPICS["general"]
        bank = (topic.powers + general.powers) if power else (topic.duties + general.duties)
        text = template.format(actor=actor.name, actor_lc=_lower_first(actor.name), of_actor=_of(actor),
                               to_actor=_to(actor), modal=_modal(rng, actor, power=False), matter=topic.matter)
        return (text,), [_upper_first(a) for a in dict.fromkeys(bank)]

    def _fracciones(self, bank: list[str]) -> list[Fraccion]:
        rng = self.rng
        count = min(len(bank), rng.choice((2, 3, 3, 4, 4, 5, 6, 8, 10, 12)))
        out = []
        for i, item in enumerate(rng.sample(bank, count)):
            end = "." if i == count - 1 else ";"
            if rng.random() < 0.1:
                incisos = rng.sample(_INCISOS, rng.randint(2, 6))
                ends = [";"] * (len(incisos) - 1) + [end]
                out.append(Fraccion((item + rng.choice(_INCISO_LEADS),),
                                    [(text + e,) for text, e in zip(incisos, ends, strict=True)]))
            else:
                out.append(Fraccion((item + end,)))
        return out

    def _previous_has_fracciones(self) -> bool:
        previous = self.previous
        return bool(previous and not previous.derogated and len(previous.fracciones) >= 3)

    def _previous_fracciones_paragraph(self) -> Text:
        assert self.previous is not None
        first = self.rng.randrange(1, len(self.previous.fracciones))
        pair = f"{int_to_roman(first)} y {int_to_roman(first + 1)}"
        days = self.rng.choice(("cinco", "diez", "quince", "veinte"))
        return (f"Los supuestos previstos en las fracciones {pair} del artículo anterior deberán "
                f"resolverse dentro de un plazo de {days} días hábiles.",)


def _modal(rng: random.Random, actor: Actor, *, power: bool) -> str:
    """'deberá', 'estarán obligadas a'... agreeing with the actor."""
    n = "n" if actor.plural else ""
    agreed = ("a" if actor.feminine else "o") + ("s" if actor.plural else "")
    if power:
        return rng.choice((f"deberá{n}", f"podrá{n}", f"estará{n} facultad{agreed} para"))
    return rng.choice((f"deberá{n}", f"estará{n} obligad{agreed} a", f"tendrá{n} la obligación de"))


def _of(actor: Actor) -> str:
    """'del Instituto', 'de la Dirección'."""
    name = _lower_first(actor.name)
    return "del " + name[3:] if name.startswith("el ") else "de " + name


def _to(actor: Actor) -> str:
    """'al Instituto', 'a la Dirección'."""
    name = _lower_first(actor.name)
    return "al " + name[3:] if name.startswith("el ") else "a " + name


def _object_paragraph() -> Text:
    return ("Las disposiciones de este Reglamento son de orden público e interés social y tienen por "
            "objeto regular el uso de suelo, la zonificación, las densidades, las construcciones, la "
            "imagen urbana y la protección civil en el territorio del Municipio.",)


def _section_heading(topic: Topic, index: int) -> str:
    names = ["De las Disposiciones Comunes", "De los Requisitos", "Del Procedimiento", "De las Obligaciones"]
    return f"{names[(index - 1) % len(names)]} en materia de {topic.matter}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- derived versions


def renumber(reg: Regulation) -> Regulation:
    """A copy numbered consecutively (Bis absorbed, containers renumbered); references follow.

    The building block for restructure benchmarks: reorder ``items`` first, then renumber.
    """
    items = [dataclasses.replace(item) for item in reg.items]
    number = 0
    for item in items:
        if isinstance(item, Article):
            number += 1
            item.number, item.suffix = number, ""
    _renumber_headings([item for item in items if isinstance(item, Heading)])
    return Regulation(reg.title, items, list(reg.transitorios))


def _renumber_headings(headings: list[Heading]) -> None:
    """Títulos 1..n; chapters and sections restart in their parent; alone in it means ÚNICO (0)."""
    groups: dict[str, list[Heading]] = {"chapter": [], "section": []}

    def close(kind: str) -> None:
        if len(groups[kind]) == 1:
            groups[kind][0].number = 0
        groups[kind] = []

    titles = 0
    for heading in headings:
        if heading.kind == "title":
            close("chapter")
            close("section")
            titles += 1
            heading.number = titles
            continue
        if heading.kind == "chapter":
            close("section")
        groups[heading.kind].append(heading)
        heading.number = len(groups[heading.kind])
    close("chapter")
    close("section")


# --------------------------------------------------------------------------- rendering

_RISKY_LINE_START = re.compile(r"(?:[IVXLCDM]+\.|[a-z]\)|\d+\.|art[íi]culo|art\.|t[íi]tulo|cap[íi]tulo|"
                               r"secci[óo]n|transitorios)", re.IGNORECASE)


def render(reg: Regulation, *, wrap: int | None = None) -> str:
    """Plain text in the published layout; ``wrap`` hard-wraps paragraphs like ``pdftotext``."""
    labels = {a.uid: a.label for a in reg.articles()}
    blocks: list[str] = [reg.title.upper()]
    for item in reg.items:
        if isinstance(item, Heading):
            blocks.append(_render_heading(item))
        else:
            blocks.append(_render_article(item, labels, wrap))
    blocks.append("TRANSITORIOS")
    for i, text in enumerate(reg.transitorios, start=1):
        blocks.append(_wrap(f"{int_to_ordinal(i).upper()}.- {_join(text, labels)}", wrap))
    return "\n\n".join(blocks) + "\n"


def _render_heading(heading: Heading) -> str:
    if heading.kind == "title":
        return f"TÍTULO {int_to_ordinal(heading.number).upper()}\n{heading.text.upper()}"
    if heading.kind == "chapter":
        number = "ÚNICO" if heading.number == 0 else int_to_roman(heading.number)
        return f"CAPÍTULO {number}\n{heading.text}"
    number = "ÚNICA" if heading.number == 0 else _feminine(int_to_ordinal(heading.number)).upper()
    return f"SECCIÓN {number}\n{heading.text}"


def _render_article(article: Article, labels: dict[int, str], wrap: int | None) -> str:
    paragraphs = [_join(p, labels) for p in article.paragraphs]
    paragraphs[0] = f"Artículo {article.label}.- {paragraphs[0]}"
    blocks = [_wrap(p, wrap) for p in paragraphs]
    sep = "\n" if article.tight else "\n\n"
    points: list[str] = []
    for n, fraccion in enumerate(article.fracciones, start=1):
        points.append(_wrap(f"{int_to_roman(n)}. {_join(fraccion.text, labels)}", wrap))
        points.extend(_wrap(f"{chr(96 + i)}) {_join(t, labels)}", wrap)
                      for i, t in enumerate(fraccion.incisos, start=1))
    if points:
        blocks.append(sep.join(points))
    blocks.extend(_wrap(_join(p, labels), wrap) for p in article.closing)
    if article.note:
        blocks.append(article.note)
    return "\n\n".join(blocks)


def _join(text: Text, labels: dict[int, str]) -> str:
    return "".join(part if isinstance(part, str) else labels[part.uid] for part in text)


def _feminine(ordinal: str) -> str:
    return " ".join(word[:-1] + "a" if word.endswith("o") else word for word in ordinal.split())


def _wrap(text: str, width: int | None) -> str:
    """Greedy hard wrap that never starts a continuation line with something that looks structural."""
    if not width or len(text) <= width:
        return text
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width and not _RISKY_LINE_START.match(word):
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return "\n".join(lines)

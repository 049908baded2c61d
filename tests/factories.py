"""Factories: the one way tests build data."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from avgm.models import Ejercicio, Institucion, Municipio, Periodo, Recomendacion
from avgm.plataforma import roles
from dependencias.models import Dependencia, Enlace, Meta, Programacion, TipoAccion
from fichas.models import FichaTecnica

PASSWORD = "clave-de-prueba-2022"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"usuario{n}")
    first_name = factory.Faker("first_name", locale="es_MX")
    last_name = factory.Faker("last_name", locale="es_MX")
    email = factory.LazyAttribute(lambda u: f"{u.username}@juarez.gob.mx")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def rol(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
            if extracted in (roles.ANALISTA, roles.ADMINISTRADOR):
                self.is_staff = True
        if create:
            self.save()


def municipio_principal() -> Municipio:
    """The municipio every test database has (made by the migrations): Juárez's deployment."""
    return Municipio.objects.order_by("pk").first()


def otro_municipio(nombre: str = "Chihuahua", clave: str = "chihuahua") -> Municipio:
    """A second municipio under the alert, with its own institution (created once)."""
    existente = Municipio.objects.filter(clave=clave).first()
    if existente:
        return existente
    institucion = Institucion.objects.create(
        nombre=f"Instituto Municipal de las Mujeres de {nombre}", municipio=nombre
    )
    return Municipio.objects.create(nombre=nombre, clave=clave, institucion=institucion, orden=1)


def institucion(de: Municipio | None = None, **campos) -> Institucion:
    """The institution of municipio `de` (the principal's by default) with `campos` saved on
    it, as the Administrador edits it in the admin."""
    fila = (de or municipio_principal()).institucion
    for campo, valor in campos.items():
        setattr(fila, campo, valor)
    fila.save()
    return fila


def ejercicio(anio: int = 2022, municipio: Municipio | None = None) -> Ejercicio:
    """`municipio`'s ejercicio of `anio` (the principal's by default) with its four periodos
    (created once)."""
    municipio = municipio or municipio_principal()
    existing = Ejercicio.objects.filter(anio=anio, municipio=municipio).first()
    return existing or Ejercicio.objects.crear(anio, municipio=municipio)


def periodo(anio: int = 2022, numero: int = 1, municipio: Municipio | None = None) -> Periodo:
    return ejercicio(anio, municipio).periodos.get(numero=numero)


class RecomendacionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recomendacion
        skip_postgeneration_save = True

    clave = factory.Sequence(lambda n: f"R{n:03d}")
    texto = factory.Sequence(
        lambda n: f"Fortalecer la atención a mujeres víctimas de violencia ({n})."
    )
    tipo = Recomendacion.Tipo.PERMANENTE

    @factory.post_generation
    def modalidades(self, create, extracted, **kwargs):
        if create and extracted:
            self.modalidades.set(extracted)

    @factory.post_generation
    def ejes(self, create, extracted, **kwargs):
        if create and extracted:
            self.ejes.set(extracted)


class DependenciaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dependencia
        django_get_or_create = ["municipio", "siglas"]

    municipio = factory.LazyFunction(municipio_principal)
    siglas = factory.Sequence(lambda n: f"DEP{n}")
    nombre = factory.LazyAttribute(lambda d: f"Dirección {d.siglas}")
    titular = factory.Faker("name", locale="es_MX")
    titular_email = factory.LazyAttribute(lambda d: f"titular.{d.siglas.lower()}@juarez.gob.mx")


class EnlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enlace

    usuario = factory.SubFactory(UserFactory, rol=roles.ENLACE)
    dependencia = factory.SubFactory(DependenciaFactory)


class TipoAccionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TipoAccion
        django_get_or_create = ["nombre"]

    nombre = "Capacitación"
    medios_verificacion = "Lista de asistencia\nFotografías"


class MetaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meta
        skip_postgeneration_save = True

    ejercicio = factory.LazyFunction(ejercicio)
    dependencia = factory.SubFactory(DependenciaFactory)
    clave = factory.Sequence(lambda n: f"M-{n:04d}")
    descripcion = factory.Sequence(lambda n: f"Capacitar a personal en perspectiva de género ({n})")
    linea_accion = "Profesionalización del servicio público"
    tipo_accion = factory.SubFactory(TipoAccionFactory)
    unidad_medida = "Capacitaciones"

    @factory.post_generation
    def recomendaciones(self, create, extracted, **kwargs):
        if create and extracted:
            self.recomendaciones.set(extracted)

    @factory.post_generation
    def programado(self, create, extracted, **kwargs):
        """programado={1: 10, 2: 5} programs 10 in T1 and 5 in T2."""
        if create and extracted:
            for numero, cantidad in extracted.items():
                Programacion.objects.create(
                    meta=self, periodo=self.ejercicio.periodos.get(numero=numero), cantidad=cantidad
                )


class FichaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FichaTecnica

    meta = factory.SubFactory(MetaFactory)
    periodo = factory.LazyAttribute(lambda f: f.meta.ejercicio.periodos.get(numero=1))
    estado = FichaTecnica.Estado.BORRADOR
    cantidad_alcanzada = 0
    primer_envio_en = factory.LazyAttribute(
        lambda f: None
        if f.estado == FichaTecnica.Estado.BORRADOR
        else __import__("django.utils.timezone", fromlist=["now"]).now()
    )


def ficha_reabierta(ficha, enlace, analista, *, observacion: str, respuesta: str, motivo: str):
    """`ficha` driven through the workflow: sent, returned with `observacion`, answered with
    `respuesta`, sent again, approved, and reopened with `motivo` (the reopened ficha)."""
    from fichas import workflow
    from fichas.models import CodigoObservacion

    ficha = workflow.ficha_enviar(ficha=ficha, usuario=enlace, version=ficha.version)
    ficha = workflow.ficha_devolver(
        ficha=ficha,
        usuario=analista,
        version=ficha.version,
        observaciones=[{"codigo": CodigoObservacion.objects.first(), "texto": observacion}],
    )
    ficha = workflow.observacion_responder(
        observacion=ficha.observaciones.get(),
        usuario=enlace,
        version=ficha.version,
        respuesta=respuesta,
    )
    ficha = workflow.ficha_enviar(ficha=ficha, usuario=enlace, version=ficha.version)
    ficha = workflow.ficha_aprobar(ficha=ficha, usuario=analista, version=ficha.version)
    return workflow.ficha_reabrir(
        ficha=ficha, usuario=analista, version=ficha.version, motivo=motivo
    )

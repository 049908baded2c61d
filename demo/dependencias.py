"""The demo's dependencias, tipos de acción and the metas each dependencia programs.

PLAN is the table the seed's figures are built from, one row per dependencia:
a1/a2 metas programmed (> 0) in T1/T2, b of them in both, c metas programmed only in T3–T4,
s1/s2 fichas submitted in T1/T2 and o metas submitted in both. Totals: T1 66 metas (21
dependencias) and 50 fichas, T2 99 metas (28 dependencias) and 63 fichas; 147 metas and 32
dependencias in the year; 113 − 27 = 86 metas with a submitted ficha. The first nine rows
respond ≥ 90 % over the corte (DIF exactly 90 %); every other one responds less or has
nothing programmed before T3 (N/A).
"""

TIPOS_ACCION = {
    "cap": ("Capacitación", "Lista de asistencia\nCarta descriptiva\nFotografías\nConstancias"),
    "camp": ("Campaña de sensibilización", "Materiales de la campaña\nFotografías\nReporte de alcance"),
    "aten": ("Atención", "Registro de atenciones (sin datos personales)\nInforme estadístico mensual"),
    "infra": ("Infraestructura y espacio público", "Fotografías antes y después\nActa de entrega-recepción\nExpediente técnico"),
    "prot": ("Protocolo", "Documento del protocolo\nOficio de aprobación\nLista de difusión"),
    "reed": ("Reeducación", "Lista de asistencia\nCarta descriptiva del programa\nInforme de egreso"),
    "vinc": ("Vinculación", "Minuta de reunión\nConvenio u oficio de colaboración\nDirectorio de instituciones"),
    "dif": ("Difusión", "Capturas de publicaciones\nEstadísticas de alcance\nMaterial impreso"),
    "acomp": ("Acompañamiento", "Bitácora de acompañamientos\nOficios de canalización"),
    "comun": ("Procesos comunitarios", "Lista de asistencia\nMinuta\nFotografías"),
}  # fmt: skip

# siglas, nombre, titular, correo, (a1, a2, b, c, s1, s2, o)
PLAN = [
    ("SSPM", "Secretaría de Seguridad Pública Municipal", "Cmte. Julián Ortega Bustillos", "sspm", (8, 13, 5, 1, 8, 11, 5)),
    ("Salud", "Dirección de Salud Municipal", "Dra. Leticia Arreola Quiñones", "salud", (8, 13, 4, 0, 8, 11, 4)),
    ("IMM", "Instituto Municipal de las Mujeres", "Mtra. Verónica Chávez Loera", "imm", (5, 6, 3, 1, 5, 6, 3)),
    ("Redes Sociales", "Coordinación de Redes Sociales", "Lic. Andrea Solís Baeza", "redes", (1, 2, 1, 0, 1, 2, 1)),
    ("Ecología", "Dirección de Ecología", "Ing. Ramón Villalobos Terrazas", "ecologia", (2, 2, 1, 1, 2, 2, 1)),
    ("Atención Sur Oriente", "Coordinación de Atención Ciudadana Zona Sur Oriente", "Lic. Martha Rentería Gallegos", "suroriente", (1, 2, 1, 0, 1, 2, 1)),
    ("DIF", "Sistema Municipal para el Desarrollo Integral de la Familia", "Lic. Patricia Molinar Sáenz", "dif", (8, 12, 4, 1, 8, 10, 4)),
    ("Educación", "Dirección General de Educación", "Profra. Silvia Holguín Ramos", "educacion", (3, 4, 2, 1, 3, 4, 2)),
    ("Comunicación Social", "Dirección General de Comunicación Social", "Lic. Óscar Domínguez Luna", "comunicacion", (2, 2, 1, 1, 2, 2, 1)),
    ("Centros Comunitarios", "Dirección General de Centros Comunitarios", "Lic. Rosa Elena Pacheco Ibarra", "centros", (4, 4, 3, 1, 3, 3, 2)),
    ("Justicia Cívica", "Dirección de Justicia Cívica", "Lic. Arturo Mendoza Carrasco", "justiciacivica", (3, 3, 2, 1, 2, 2, 1)),
    ("Desarrollo Social", "Dirección General de Desarrollo Social", "Lic. Gabriela Núñez Estrada", "desarrollosocial", (3, 3, 2, 1, 2, 1, 1)),
    ("Obras Públicas", "Dirección General de Obras Públicas", "Arq. Héctor Valenzuela Ríos", "obras", (2, 3, 1, 1, 1, 1, 0)),
    ("Desarrollo Urbano", "Dirección General de Desarrollo Urbano", "Arq. Lorena Castañeda Félix", "urbano", (2, 2, 1, 1, 1, 1, 1)),
    ("Servicios Públicos", "Dirección General de Servicios Públicos", "Ing. Fernando Armendáriz Soto", "servicios", (2, 3, 2, 1, 1, 1, 0)),
    ("Protección Civil", "Dirección de Protección Civil", "Cmte. Raúl Esparza Montes", "proteccioncivil", (2, 2, 2, 1, 1, 0, 0)),
    ("IPACULT", "Instituto para la Cultura del Municipio de Juárez", "Mtra. Claudia Trejo Armendáriz", "ipacult", (3, 3, 2, 1, 1, 0, 0)),
    ("Deporte", "Instituto Municipal del Deporte y Cultura Física", "Lic. Jorge Lozano Ochoa", "deporte", (2, 2, 1, 1, 0, 1, 0)),
    ("Derechos Humanos", "Dirección de Derechos Humanos", "Lic. Mónica Beltrán Acosta", "derechoshumanos", (2, 2, 1, 1, 0, 1, 0)),
    ("Planeación", "Dirección General de Planeación y Evaluación", "Mtro. Luis Fernando Prieto Amaya", "planeacion", (2, 2, 2, 0, 0, 0, 0)),
    ("Secretaría del Ayuntamiento", "Secretaría del Ayuntamiento", "Lic. Ernesto Cárdenas Villa", "secretaria", (1, 2, 1, 0, 0, 0, 0)),
    ("Contraloría", "Contraloría Municipal", "C.P. Adriana Olivas Meza", "contraloria", (0, 2, 0, 1, 0, 1, 0)),
    ("Recursos Humanos", "Dirección de Recursos Humanos", "Lic. Sandra Fierro Aguilar", "rh", (0, 2, 0, 1, 0, 1, 0)),
    ("Consejería Jurídica", "Consejería Jurídica Municipal", "Lic. Roberto Zamarripa León", "juridico", (0, 2, 0, 1, 0, 0, 0)),
    ("Transparencia", "Unidad de Transparencia", "Lic. Karla Ontiveros Durán", "transparencia", (0, 2, 0, 0, 0, 0, 0)),
    ("Juventud", "Instituto Municipal de la Juventud", "Lic. Diego Camarillo Parra", "juventud", (0, 2, 0, 1, 0, 0, 0)),
    ("Tránsito", "Dirección General de Tránsito Municipal", "Cmte. Alfredo Siqueiros Mata", "transito", (0, 1, 0, 0, 0, 0, 0)),
    ("Atención Nor Poniente", "Coordinación de Atención Ciudadana Zona Nor Poniente", "Lic. Irma Loya Baca", "norponiente", (0, 1, 0, 0, 0, 0, 0)),
    ("Tesorería", "Tesorería Municipal", "C.P. Manuel Aguirre Portillo", "tesoreria", (0, 0, 0, 1, 0, 0, 0)),
    ("Desarrollo Económico", "Dirección General de Desarrollo Económico", "Lic. Cecilia Herrera Meléndez", "economico", (0, 0, 0, 1, 0, 0, 0)),
    ("Gobierno", "Dirección de Gobierno", "Lic. Sergio Escobar Nevárez", "gobierno", (0, 0, 0, 1, 0, 0, 0)),
    ("IMIP", "Instituto Municipal de Investigación y Planeación", "Arq. Daniela Rascón Vega", "imip", (0, 0, 0, 1, 0, 0, 0)),
]  # fmt: skip

# Per dependencia: (meta, línea de acción, tipo, unidad de medida, cantidad por trimestre,
# recomendaciones it can answer). A meta with progress links only its "I" recomendaciones;
# one without links its "N" ones (or, if it has none, its "I" ones). Used in order, cycling
# with a numbered stage when a dependencia has more metas than templates.
METAS = {
    "SSPM": [
        ("Capacitar a elementos operativos en el Protocolo de actuación policial con perspectiva de género", "Profesionalización policial con perspectiva de género", "cap", "Capacitaciones", 6, ["I03", "I07", "N20"]),
        ("Atender reportes de violencia familiar a través de la Unidad Especializada en Violencia Familiar", "Atención policial especializada", "aten", "Atenciones", 300, ["I02", "N26", "N13"]),
        ("Implementar el Protocolo de primer respondiente en casos de violencia contra las mujeres", "Protocolos de actuación", "prot", "Protocolos implementados", 1, ["I03", "N23"]),
        ("Impartir pláticas de prevención de la violencia en colonias prioritarias", "Prevención social de la violencia", "comun", "Pláticas", 20, ["I04", "I17", "N10"]),
        ("Dar seguimiento a órdenes de protección mediante rondines de la Policía de Género", "Seguimiento a medidas de protección", "acomp", "Seguimientos", 120, ["I02", "N26"]),
        ("Realizar recorridos de seguridad en rutas de transporte de personal y paraderos", "Seguridad en el espacio público", "aten", "Recorridos", 60, ["I08", "N11"]),
        ("Capacitar a personal de barandilla en atención sin revictimización", "Profesionalización policial con perspectiva de género", "cap", "Capacitaciones", 4, ["I07", "N20"]),
        ("Difundir el número de emergencia y la línea de atención a mujeres", "Difusión de servicios", "dif", "Publicaciones", 15, ["I13", "N25"]),
        ("Activar células de búsqueda inmediata de mujeres desaparecidas", "Búsqueda inmediata", "vinc", "Activaciones", 10, ["N13", "N24"]),
    ],
    "Salud": [
        ("Brindar atención psicológica a mujeres en situación de violencia en los módulos de salud", "Atención integral en salud", "aten", "Atenciones", 250, ["I02", "N29"]),
        ("Capacitar a personal de salud en la NOM-046 y en detección de violencia", "Profesionalización en salud", "cap", "Capacitaciones", 4, ["I07", "N24"]),
        ("Realizar jornadas de salud con detección de violencia en colonias prioritarias", "Prevención en comunidad", "comun", "Jornadas", 8, ["I04", "N09"]),
        ("Impartir talleres de salud sexual y prevención de violencia en el noviazgo", "Prevención en comunidad", "cap", "Talleres", 12, ["I15", "N31"]),
        ("Canalizar a mujeres atendidas a servicios jurídicos y de refugio", "Coordinación interinstitucional", "vinc", "Canalizaciones", 60, ["I12", "N27"]),
        ("Difundir materiales sobre tipos de violencia y servicios de salud mental", "Difusión de servicios", "dif", "Materiales difundidos", 2000, ["I13", "N25"]),
        ("Implementar el protocolo de atención a víctimas de violencia sexual en módulos municipales", "Protocolos de atención", "prot", "Protocolos implementados", 1, ["I03", "N26"]),
        ("Brindar atención nutricional y médica a mujeres y niñas canalizadas por el DIF", "Atención integral en salud", "aten", "Atenciones", 150, ["I01", "N29"]),
    ],
    "IMM": [
        ("Brindar asesoría jurídica y psicológica a mujeres en el Centro de Atención del IMM", "Atención integral a mujeres", "aten", "Asesorías", 400, ["I02", "N23"]),
        ("Capacitar al funcionariado municipal en perspectiva de género y derechos humanos", "Transversalización de la perspectiva de género", "cap", "Capacitaciones", 10, ["I07", "I14", "N22"]),
        ("Impartir el programa de reeducación para hombres que ejercen violencia", "Reeducación de agresores", "reed", "Grupos de reeducación", 3, ["I05"]),
        ("Realizar mesas de trabajo con organizaciones de la sociedad civil", "Vinculación con sociedad civil", "vinc", "Mesas de trabajo", 3, ["I09", "I12", "N10"]),
        ("Publicar el informe trimestral de avance de la AVGM", "Rendición de cuentas", "dif", "Informes publicados", 1, ["I18", "N21"]),
        ("Dar seguimiento al protocolo de hostigamiento y acoso sexual en el Ayuntamiento", "Igualdad laboral", "prot", "Reportes de seguimiento", 1, ["N01", "N05"]),
        ("Impulsar talleres de autonomía económica para mujeres en situación de violencia", "Empoderamiento económico", "cap", "Talleres", 6, ["I16", "N06"]),
        ("Impartir talleres de corresponsabilidad en los cuidados al funcionariado municipal", "Igualdad laboral", "cap", "Talleres", 4, ["I11", "N03"]),
    ],
    "Redes Sociales": [
        ("Publicar contenidos de prevención de la violencia contra las mujeres en redes oficiales", "Comunicación digital", "dif", "Publicaciones", 30, ["I13", "I06", "N25"]),
        ("Difundir los servicios municipales de atención en transmisiones en vivo", "Comunicación digital", "dif", "Transmisiones", 4, ["I18", "N21"]),
    ],
    "Ecología": [
        ("Rehabilitar áreas verdes en colonias con alta incidencia de violencia", "Mejoramiento del espacio público", "infra", "Áreas rehabilitadas", 3, ["I08", "N14"]),
        ("Realizar jornadas de reforestación con participación de vecinas", "Participación comunitaria", "comun", "Jornadas", 4, ["I17", "N14"]),
        ("Instalar huertos comunitarios con grupos de mujeres", "Participación comunitaria", "comun", "Huertos instalados", 2, ["I04", "N10"]),
    ],
    "Atención Sur Oriente": [
        ("Realizar ferias de servicios con módulos de orientación a mujeres en el sur oriente", "Atención ciudadana en territorio", "comun", "Ferias", 3, ["I04", "I12", "N12"]),
        ("Canalizar a mujeres detectadas en ventanilla a los servicios de atención", "Atención ciudadana en territorio", "vinc", "Canalizaciones", 40, ["I12", "N09"]),
    ],
    "DIF": [
        ("Equipar y operar las unidades de atención a la violencia familiar con trabajo social, psicología y jurídico", "Unidades de atención a la violencia familiar", "infra", "Unidades equipadas", 1, ["I01", "N29"]),
        ("Brindar atención psicológica a niñas, niños y mujeres víctimas de violencia familiar", "Atención a la violencia familiar", "aten", "Atenciones", 350, ["I02", "N27"]),
        ("Impartir talleres de crianza positiva y prevención del abuso sexual infantil", "Prevención de la violencia familiar", "cap", "Talleres", 15, ["I10", "N28"]),
        ("Operar grupos de reeducación para personas generadoras de violencia familiar", "Reeducación", "reed", "Grupos", 2, ["I05"]),
        ("Acompañar a usuarias en sus procesos ante la Fiscalía y los juzgados familiares", "Acceso a la justicia", "acomp", "Acompañamientos", 80, ["I02", "N27", "N30"]),
        ("Difundir los servicios de la Procuraduría de Protección de Niñas, Niños y Adolescentes", "Difusión de servicios", "dif", "Materiales difundidos", 1500, ["I13", "N25"]),
        ("Integrar grupos de apoyo mutuo para mujeres en centros DIF", "Prevención de la violencia familiar", "comun", "Grupos", 4, ["I12", "N28"]),
        ("Capacitar a personal de los centros DIF en detección de violencia", "Profesionalización", "cap", "Capacitaciones", 3, ["I07", "N22"]),
    ],
    "Educación": [
        ("Impartir pláticas de prevención de la violencia en el noviazgo en secundarias", "Prevención en el entorno escolar", "cap", "Pláticas", 25, ["I15", "I06", "N32"]),
        ("Capacitar a docentes en detección de abuso sexual infantil", "Formación docente", "cap", "Capacitaciones", 5, ["I10", "I14", "N22"]),
        ("Conformar comités escolares de prevención de la violencia", "Participación escolar", "comun", "Comités", 6, ["I15", "N31", "N33"]),
        ("Distribuir material informativo sobre instancias de atención en planteles", "Difusión escolar", "dif", "Materiales", 3000, ["I06", "N32"]),
    ],
    "Comunicación Social": [
        ("Difundir la campaña municipal «Juárez sin violencia contra las mujeres»", "Comunicación institucional", "camp", "Campañas", 1, ["I13", "I18", "N25"]),
        ("Publicar boletines sobre las acciones municipales de la AVGM", "Rendición de cuentas", "dif", "Boletines", 6, ["I18", "N21"]),
        ("Capacitar a personal de comunicación en lenguaje incluyente y no sexista", "Comunicación institucional", "cap", "Capacitaciones", 2, ["I14", "N22"]),
    ],
    "Centros Comunitarios": [
        ("Impartir talleres de prevención de la violencia en centros comunitarios", "Prevención comunitaria", "comun", "Talleres", 12, ["I04", "I17", "N10"]),
        ("Conformar redes comunitarias de mujeres en centros comunitarios", "Organización comunitaria", "comun", "Redes conformadas", 2, ["I17", "N10", "N09"]),
        ("Canalizar a mujeres detectadas en centros comunitarios a servicios de atención", "Detección y canalización", "vinc", "Canalizaciones", 30, ["I12", "N09"]),
        ("Ofrecer cursos de capacitación para el trabajo a mujeres", "Autonomía económica", "cap", "Cursos", 4, ["I16", "N06"]),
    ],
    "Justicia Cívica": [
        ("Canalizar a la Fiscalía los casos de violencia familiar presentados ante juzgados cívicos", "Acceso a la justicia", "vinc", "Canalizaciones", 40, ["I02", "N30"]),
        ("Capacitar a jueces cívicos en perspectiva de género", "Profesionalización", "cap", "Capacitaciones", 2, ["I07", "N23"]),
        ("Aplicar el protocolo de atención a mujeres detenidas", "Protocolos de atención", "prot", "Protocolos implementados", 1, ["I03", "N20"]),
    ],
    "Desarrollo Social": [
        ("Entregar apoyos económicos a mujeres en situación de violencia", "Autonomía económica", "aten", "Apoyos entregados", 50, ["I16", "N06"]),
        ("Impulsar comités vecinales con participación de mujeres", "Participación ciudadana", "comun", "Comités", 5, ["I17", "N16"]),
        ("Capacitar a promotoras sociales en detección de violencia", "Detección comunitaria", "cap", "Capacitaciones", 3, ["I12", "N09"]),
    ],
    "Obras Públicas": [
        ("Construir y rehabilitar banquetas y cruces seguros en rutas de mujeres trabajadoras", "Infraestructura segura", "infra", "Obras", 2, ["I08", "N17"]),
        ("Incorporar criterios de seguridad para las mujeres en los proyectos de obra pública", "Infraestructura segura", "prot", "Proyectos revisados", 3, ["N17", "N11"]),
    ],
    "Desarrollo Urbano": [
        ("Elaborar el diagnóstico de espacios públicos inseguros para las mujeres", "Planeación urbana con perspectiva de género", "infra", "Diagnósticos", 1, ["I08", "N15"]),
        ("Incluir criterios de seguridad para mujeres en los planes parciales", "Planeación urbana con perspectiva de género", "prot", "Planes revisados", 1, ["N17"]),
    ],
    "Servicios Públicos": [
        ("Instalar y reparar luminarias en colonias prioritarias", "Alumbrado público", "infra", "Luminarias", 400, ["I08", "N11"]),
        ("Limpiar lotes baldíos en zonas de riesgo para las mujeres", "Mejoramiento del entorno", "infra", "Lotes intervenidos", 30, ["I08", "N14"]),
    ],
    "Protección Civil": [
        ("Capacitar a personal de emergencias en atención a mujeres víctimas de violencia", "Profesionalización", "cap", "Capacitaciones", 2, ["I07", "N26"]),
        ("Incluir la atención a mujeres en los planes de contingencia de refugios temporales", "Protocolos de atención", "prot", "Planes", 1, ["N29"]),
    ],
    "IPACULT": [
        ("Realizar actividades culturales de prevención de la violencia en colonias", "Cultura para la paz", "comun", "Actividades", 8, ["I04", "N14"]),
        ("Impartir talleres de arte con jóvenes sobre igualdad de género", "Cultura para la paz", "cap", "Talleres", 6, ["I15", "N16", "N31"]),
        ("Difundir contenidos culturales sobre igualdad en la radio municipal", "Difusión", "dif", "Programas", 4, ["I06", "N21"]),
    ],
    "Deporte": [
        ("Organizar torneos deportivos mixtos con pláticas de prevención", "Deporte para la prevención", "comun", "Torneos", 3, ["I17", "N16"]),
        ("Capacitar a entrenadoras y entrenadores en prevención de la violencia", "Profesionalización", "cap", "Capacitaciones", 2, ["I15", "N33"]),
    ],
    "Derechos Humanos": [
        ("Recibir y canalizar quejas por violencia institucional contra mujeres", "Atención a quejas", "aten", "Quejas atendidas", 15, ["N18", "N20"]),
        ("Capacitar a servidores públicos en derechos humanos de las mujeres", "Profesionalización", "cap", "Capacitaciones", 3, ["I07", "N02"]),
    ],
    "Planeación": [
        ("Integrar indicadores de género en la evaluación del Plan Municipal de Desarrollo", "Evaluación con perspectiva de género", "prot", "Reportes de evaluación", 1, ["N19", "N22"]),
        ("Etiquetar en el presupuesto los programas que atienden la AVGM", "Presupuesto con perspectiva de género", "prot", "Programas etiquetados", 5, ["N19"]),
    ],
    "Secretaría del Ayuntamiento": [
        ("Presentar al Cabildo la propuesta de figura de evaluación y sanción del funcionariado", "Marco normativo", "prot", "Propuestas presentadas", 1, ["N18"]),
        ("Difundir en las dependencias el protocolo de atención a violencias del servicio público", "Marco normativo", "dif", "Oficios de difusión", 30, ["N20"]),
    ],
    "Contraloría": [
        ("Investigar las quejas por hostigamiento y acoso sexual contra personas servidoras públicas", "Sanción de la violencia laboral", "aten", "Investigaciones", 5, ["N02", "N05"]),
        ("Difundir el procedimiento de denuncia de la violencia laboral", "Sanción de la violencia laboral", "dif", "Difusiones", 4, ["N04", "N01"]),
    ],
    "Recursos Humanos": [
        ("Capacitar al personal en prevención del hostigamiento y acoso sexual laboral", "Igualdad laboral", "cap", "Capacitaciones", 4, ["N01", "N04"]),
        ("Iniciar la certificación en la Norma en Igualdad Laboral y No Discriminación", "Igualdad laboral", "prot", "Etapas concluidas", 1, ["N07", "N03"]),
    ],
    "Consejería Jurídica": [
        ("Revisar el reglamento interior para sancionar la violencia laboral", "Marco normativo", "prot", "Reglamentos revisados", 1, ["N02", "N08"]),
        ("Brindar asesoría jurídica a trabajadoras que viven violencia laboral", "Asesoría jurídica", "aten", "Asesorías", 10, ["N08", "N05"]),
    ],
    "Transparencia": [
        ("Publicar en el portal la información de la AVGM en formato accesible", "Transparencia proactiva", "dif", "Publicaciones", 2, ["N21", "I18"]),
    ],
    "Juventud": [
        ("Impartir talleres de prevención de la violencia en el noviazgo a jóvenes", "Juventudes libres de violencia", "cap", "Talleres", 6, ["N16", "N32", "I15"]),
        ("Formar brigadas juveniles de prevención de la violencia", "Juventudes libres de violencia", "comun", "Brigadas", 2, ["N16"]),
    ],
    "Tránsito": [
        ("Capacitar a agentes de tránsito en atención a mujeres víctimas de acoso en la vía pública", "Profesionalización", "cap", "Capacitaciones", 2, ["N11", "N20"]),
    ],
    "Atención Nor Poniente": [
        ("Instalar módulos itinerantes de orientación jurídica en el nor poniente", "Atención ciudadana en territorio", "aten", "Módulos", 3, ["N12", "N09"]),
    ],
    "Tesorería": [
        ("Reportar el presupuesto ejercido en acciones de la AVGM", "Rendición de cuentas", "dif", "Reportes", 1, ["N19"]),
    ],
    "Desarrollo Económico": [
        ("Vincular a mujeres víctimas de violencia con bolsas de trabajo de la industria", "Autonomía económica", "vinc", "Vinculaciones", 40, ["N06", "N08"]),
        ("Impulsar con cámaras empresariales protocolos contra el acoso laboral", "Igualdad laboral", "vinc", "Convenios", 2, ["N08"]),
    ],
    "Gobierno": [
        ("Coordinar con líderes vecinales mesas de seguridad para las mujeres", "Gobernanza", "vinc", "Mesas", 4, ["N10", "N12"]),
    ],
    "IMIP": [
        ("Elaborar mapas georreferenciados de la violencia contra las mujeres", "Información para la planeación", "infra", "Mapas", 2, ["N15"]),
    ],
}  # fmt: skip

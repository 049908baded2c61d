"""When the demo happens: every timestamp is a fixed moment of 2022 in Ciudad Juárez, so two
loads give the same data."""

import datetime
from zoneinfo import ZoneInfo

ANIO = 2022
TZ = ZoneInfo("America/Ciudad_Juarez")
AHORA = datetime.datetime(2022, 7, 22, 17, 0, tzinfo=TZ)  # the day the corte was drawn

"""JSON Lines that keep datetimes and times to the microsecond.

Django's JSON encoder cuts them to milliseconds (as ECMA-262 dates are): a restored article would then differ
from the saved one, in its feed's <updated> for instance. Registered as the serialization format "backup".
"""

import datetime

from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(jsonl.Serializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactEncoder)
        super()._init_options()


Deserializer = jsonl.Deserializer

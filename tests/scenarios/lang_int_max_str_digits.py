# The 4300-digit limit on int<->str conversion (CVE-2020-10735) and sys.get/set_int_max_str_digits:
# str() and int() refuse longer numbers, hex and bit_length do not, 0 lifts the limit.
import math
import sys

print(sys.get_int_max_str_digits(), len(str(math.factorial(1000))), str(math.factorial(1000))[:20])
for attempt in (lambda: str(math.factorial(2000)), lambda: int("1" * 5000), lambda: f"{2 ** 14000:,}"):
    try:
        attempt()
    except ValueError as e:
        print("ValueError", e)
x = 2 ** 14000
print(x.bit_length(), hex(x)[:10], len(format(x, "b")))
sys.set_int_max_str_digits(0)
print(sys.get_int_max_str_digits(), len(str(math.factorial(2000))), len(str(int("7" * 5000))))
sys.set_int_max_str_digits(5000)
print(sys.get_int_max_str_digits(), len(str(10 ** 4999)))
try:
    str(10 ** 5000)
except ValueError as e:
    print("ValueError", e)
try:
    sys.set_int_max_str_digits(100)
except ValueError as e:
    print("ValueError", e)

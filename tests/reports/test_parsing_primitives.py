"""Decoding, date and number parsing of Amazon report fields (amzsheet.reports.encoding, .datetimes, .numbers).

Cases quote the real samples' values (see ../shared/samples/COLUMNS.md and PROVENANCE.md).
"""

from __future__ import annotations

import codecs
import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amzsheet.reports.datetimes import ZONE_OFFSETS, parse_datetimes
from amzsheet.reports.encoding import decode_report
from amzsheet.reports.numbers import AMBIGUOUS, detect_decimal_mark, parse_numbers, parse_typed_number

# --------------------------------------------------------------------------------------------------
# decode_report

JAPANESE_TEXTS = [
    "シャンパンゴールド ネックレス",
    "箱",
    "注文番号",
    "東京都",
    "3個",
    "ファミリーマート",
    "バルミューダ 省エネ 静音 リビング扇風機 The GreenFan（グリーンファン）| EGF-1600-WC（ホワイト×シャンパンゴー",
    "日付/時間,決済番号,トランザクションの種類,注文番号,SKU,説明,数量,Amazon 出品サービス,フルフィルメント,合計",
    "ｼｬﾝﾊﾟﾝ",
]
WESTERN_TEXTS = [
    "Umsätze",
    "numéro de la commande",
    "Quantità",
    "ä ö ü ß é è à ç ñ",
    "Größe",
    "Crème brûlée",
    "Gutschrift für Versandkosten",
    "Apple’s “Deluxe” Mug – 12 oz",
    "fecha y hora,identificador de pago,tipo,número de pedido,web de Amazon,gestión logística",
]
GERMAN_DATE_RANGE = (
    '"Datum/Uhrzeit","Abrechnungsnummer","Typ","Bestellnummer","SKU","Beschreibung","Menge","Umsätze",'
    '"Gutschrift für Versandkosten","Verkaufsgebühren","Gebühren zu Versand durch Amazon","Gesamt"\n'
    '"01.01.2015 20:29:20 GMT+00:00","123","Bestellung","302-1","SKU1","Kaffeemühle – Edelstahl, Größe M","1",'
    '"1.052,64","0","-15,79","-3,39","1.033,46"\n'
)
JAPANESE_SHIPMENTS = (
    "amazon-order-id\tpurchase-date\tproduct-name\tship-city\tship-state\titem-price\n"
    "503-8346168-3395065\t2017-06-05T06:57:28+09:00\tバルミューダ スチームオーブントースター BALMUDA The Toaster "
    "K01E-GW（グレー）\t--\t東京都\t24732.00\n"
    "249-5507672-9257449\t2017-06-04T22:39:20+09:00\tバルミューダ 360°酵素フィルター（EJT-S200／空気清浄機 AirEngine、"
    "JetClean用交換フィルター）\t--\t沖縄県\t24732\n"
)


@pytest.mark.parametrize("text", JAPANESE_TEXTS)
def test_cp932_text_comes_back_right(text):
    assert decode_report(text.encode("cp932")) == (text, "cp932")
    assert decode_report(f"sku\t{text}\t1\n".encode("cp932")) == (f"sku\t{text}\t1\n", "cp932")


@pytest.mark.parametrize("text", WESTERN_TEXTS)
def test_cp1252_text_comes_back_right(text):
    assert decode_report(text.encode("cp1252")) == (text, "cp1252")
    assert decode_report(f"sku\t{text}\t1\n".encode("cp1252")) == (f"sku\t{text}\t1\n", "cp1252")


def test_cp1252_bytes_that_also_decode_as_cp932_are_not_taken_for_japanese():
    data = "Umsätze".encode("cp1252")
    assert data == b"Ums\xe4tze"
    assert data.decode("cp932") == "Ums舩ze"  # the trap: valid cp932, nonsense kanji
    assert decode_report(data) == ("Umsätze", "cp1252")
    assert decode_report("numéro".encode("cp1252")) == ("numéro", "cp1252")  # b"num\xe9ro" reads "num駻o"


def test_ascii_header_is_utf8():
    assert decode_report(b"Bestellnummer;Menge") == ("Bestellnummer;Menge", "utf-8")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(GERMAN_DATE_RANGE, "cp1252"), (JAPANESE_SHIPMENTS, "cp932")],
)
def test_mixed_files_come_back_right(text, encoding):
    assert decode_report(text.encode(encoding)) == (text, encoding)


def test_the_japanese_sample_read_as_cp932_comes_back_right(shared_samples):
    text = (shared_samples / "amazon_fulfilled_shipments_jp_2017_excel_roundtrip_redacted.tsv").read_text("utf-8")
    data = text.encode("cp932")
    assert decode_report(data) == (text, "cp932")
    assert decode_report(text.encode("utf-8")) == (text, "utf-8")


def test_utf8_with_and_without_bom():
    text = "注文番号\tUmsätze\r\n"
    assert decode_report(codecs.BOM_UTF8 + text.encode("utf-8")) == (text, "utf-8-sig")
    assert decode_report(text.encode("utf-8")) == (text, "utf-8")


@pytest.mark.parametrize("bom_and_codec", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_utf16_with_bom(bom_and_codec):
    bom, codec = bom_and_codec
    text = "amazon-order-id\t注文番号\tUmsätze\n"
    assert decode_report(bom + text.encode(codec)) == (text, "utf-16")
    # Cut after an odd number of bytes: the half character is dropped.
    assert decode_report(bom + text.encode(codec)[:-1], partial=True) == (text[:-1], "utf-16")


def test_cp1252_undefined_bytes_are_read_as_latin1():
    data = b"M\xfcnchen \x81 \x8d \x8f \x90 \x9d Gr\xf6\xdfe"
    assert decode_report(data) == ("München \x81 \x8d \x8f \x90 \x9d Größe", "cp1252")


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04\x14\x00\x00\x00", b"amazon-order-id\x00\tsku", codecs.BOM_UTF8 + b"a\x00b", b"\xd0\xcf\x11\xe0\x00"],
)
def test_nul_bytes_without_utf16_bom_are_binary(data):
    with pytest.raises(ValueError, match="^binary$"):
        decode_report(data)


def test_partial_drops_a_cut_multibyte_character():
    japanese = "シャンパンゴールド ネックレス".encode("cp932")
    assert decode_report(japanese[:-1], partial=True) == ("シャンパンゴールド ネックレ", "cp932")
    assert decode_report("Umsätze".encode()[:4], partial=True) == ("Ums", "utf-8")
    assert decode_report(codecs.BOM_UTF8 + "Umsätze".encode()[:4], partial=True) == ("Ums", "utf-8-sig")
    # Without partial, the cut bytes are part of the file: not UTF-8.
    assert decode_report("Umsätze".encode()[:4]) == ("UmsÃ", "cp1252")


@pytest.mark.parametrize(("text", "encoding"), [(JAPANESE_SHIPMENTS, "cp932"), (GERMAN_DATE_RANGE, "cp1252")])
def test_partial_decision_does_not_depend_on_where_the_file_is_cut(text, encoding):
    data = text.encode(encoding)
    first_non_ascii = next(i for i, byte in enumerate(data) if byte > 0x7F)
    # Cut right after the first non-ASCII byte, b"...Ums\xe4" could as well be UTF-8 cut inside a
    # character: the decision starts with the byte after it.
    for end in range(first_non_ascii + 2, len(data) + 1):
        decoded, used = decode_report(data[:end], partial=True)
        assert used == encoding, end
        assert text.startswith(decoded), end
        assert len(decoded.encode(encoding)) >= end - 1, end  # at most the one cut character is dropped


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200).filter(lambda data: b"\x00" not in data), st.booleans())
def test_any_text_bytes_decode_without_error(data, partial):
    text, used = decode_report(data, partial=partial)
    assert used in {"utf-8", "utf-8-sig", "utf-16", "cp932", "cp1252"}
    assert isinstance(text, str)


# --------------------------------------------------------------------------------------------------
# parse_datetimes


def _parse(values: list[str], time_zone: str) -> list[pd.Timestamp]:
    return parse_datetimes(pd.Series(values, dtype=object), time_zone).tolist()


T = pd.Timestamp


@pytest.mark.parametrize(
    ("text", "time_zone", "expected"),
    [
        # ISO 8601 with an offset, as in the real flat files.
        ("2020-06-16T04:29:28+00:00", "UTC", T("2020-06-16 04:29:28")),
        ("2017-06-17T08:04:21+00:00", "America/Los_Angeles", T("2017-06-17 01:04:21")),  # IT All Orders, PDT
        ("2017-08-10T08:49:31-07:00", "America/Los_Angeles", T("2017-08-10 08:49:31")),
        ("2017-09-23T14:18:23-07:00", "UTC", T("2017-09-23 21:18:23")),  # US New Orders 2017
        ("2017-05-01T10:42:45+09:00", "Asia/Tokyo", T("2017-05-01 10:42:45")),
        ("2017-06-05T06:57:28+09:00", "UTC", T("2017-06-04 21:57:28")),  # JP shipments 2017
        ("2025-08-21T18:29:59+00:00", "Asia/Kolkata", T("2025-08-21 23:59:59")),  # IN promise-date: end of day IST
        ("2013-01-15T12:24:57+00:00", "Europe/Berlin", T("2013-01-15 13:24:57")),  # CET in winter
        ("2025-07-10T10:00:00Z", "Europe/Berlin", T("2025-07-10 12:00:00")),  # CEST in summer
        ("2025-07-10 10:00:00.5+02:00", "UTC", T("2025-07-10 08:00:00.5")),
        ("2017-12-01T12:38:23.123456789Z", "UTC", T("2017-12-01 12:38:23.123456789")),
        ("2017-12-01T12:00:00+0900", "UTC", T("2017-12-01 03:00:00")),
        # No zone: already local.
        ("2025-07-10", "Asia/Tokyo", T("2025-07-10")),
        ("2025-07-10T08:30", "America/New_York", T("2025-07-10 08:30")),
        ("10-Jul-2025", "America/Los_Angeles", T("2025-07-10")),  # returns report 2025
        ("2017/12/01 12:38:23", "Asia/Tokyo", T("2017-12-01 12:38:23")),
        ("2017/12/1 0:05:07", "Asia/Tokyo", T("2017-12-01 00:05:07")),
        ("Sept 4, 2026", "UTC", T("2026-09-04")),
        # Settlement V2.
        ("2023-01-17 00:00:00 UTC", "UTC", T("2023-01-17")),
        ("2023-01-01 00:00:00 UTC", "America/Los_Angeles", T("2022-12-31 16:00:00")),
        # US Date Range report 2017 and newer.
        ("Dec 1, 2017 12:38:23 AM PST", "America/Los_Angeles", T("2017-12-01 00:38:23")),
        ("Dec 1, 2017 12:38:23 AM PST", "UTC", T("2017-12-01 08:38:23")),
        ("Sep 4, 2026 1:05:07 AM PDT", "America/Los_Angeles", T("2026-09-04 01:05:07")),
        ("Sep 4, 2026 1:05:07 PM PDT", "UTC", T("2026-09-04 20:05:07")),
        ("december 1, 2017 12:38 pm pst", "UTC", T("2017-12-01 20:38:00")),
        # Canada.
        ("Dec 1, 2017 12:38:23 a.m. PST", "America/Vancouver", T("2017-12-01 00:38:23")),
        ("Dec 1, 2017 12:38:23 p.m. PST", "America/Vancouver", T("2017-12-01 12:38:23")),
        ("Dec 1, 2017 1:05:07 p.m. EST", "America/Toronto", T("2017-12-01 13:05:07")),
        # Germany: day first with dots.
        ("01.01.2015 20:29:20 GMT+00:00", "Europe/Berlin", T("2015-01-01 21:29:20")),
        ("01.01.2015 20:29:20 GMT+01:00", "Europe/Berlin", T("2015-01-01 20:29:20")),
        ("01.01.2015 20:29:20 GMT-05:00", "UTC", T("2015-01-02 01:29:20")),
        ("02.03.2015 20:29:20 MEZ", "UTC", T("2015-03-02 19:29:20")),
        # AE and other UTC sites.
        ("15 Mar 2026 3:22:08 PM UTC", "Asia/Dubai", T("2026-03-15 19:22:08")),
        ("15 Mar 2026 3:22:08 PM GST", "Asia/Dubai", T("2026-03-15 15:22:08")),
        # Japan.
        ("2017/12/01 12:38:23 JST", "Asia/Tokyo", T("2017-12-01 12:38:23")),
        ("2017/12/01 12:38:23 JST", "UTC", T("2017-12-01 03:38:23")),
        ("2017/12/01 12:38:23 UTC+9", "UTC", T("2017-12-01 03:38:23")),
        # India, Newfoundland: half-hour offsets.
        ("15 Mar 2026 3:22:08 PM IST", "UTC", T("2026-03-15 09:52:08")),
        ("15 Mar 2026 3:22:08 PM NST", "UTC", T("2026-03-15 18:52:08")),
    ],
)
def test_parse_datetimes_forms(text, time_zone, expected):
    assert _parse([text], time_zone) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "04/05/22",  # day and month order unknown
        "04-30-22",  # derived Kaggle file (%m-%d-%y)
        "12/01/2017",
        "nonsense",
        "2025-02-30",  # no such day
        "2025-13-01",
        "2025-07-10T24:00:00",
        "2017-12-01T25:00:00+00:00",
        "Dec 1, 2017 13:38:23 PM PST",  # 13 on a 12-hour clock
        "Dec 1, 2017 0:38:23 AM PST",
        "Foo 1, 2017",
        "2017-12-01 12:38:23 XYZ",  # unknown zone
        "2017-12-01 12:38:23 PST-08:00",  # offset after a zone other than UTC/GMT
        "2017-12-01 12:38:23 +15:00",
        "9999-01-01T00:00:00+00:00",  # out of range for datetime64[ns]
        "1600-01-01",
        "2262-04-10 00:00:00",
        "0000-01-01",
    ],
)
def test_unreadable_dates_are_nat_not_errors(text):
    assert _parse([text], "America/Los_Angeles") == [pd.NaT]


def test_blank_is_nat_and_index_and_dtype_are_kept():
    values = pd.Series(["2020-06-16T04:29:28+00:00", "", "Dec 1, 2017 12:38:23 AM PST", None], index=[10, 11, 12, 13])
    result = parse_datetimes(values, "UTC")
    assert result.dtype == "datetime64[ns]"
    assert result.index.tolist() == [10, 11, 12, 13]
    assert result.tolist() == [T("2020-06-16 04:29:28"), pd.NaT, T("2017-12-01 08:38:23"), pd.NaT]


def test_unreadable_values_are_found_as_text_and_nat():
    values = pd.Series(["2020-06-16T04:29:28+00:00", "", "04/05/22"], dtype=object)
    result = parse_datetimes(values, "UTC")
    assert ((values != "") & result.isna()).tolist() == [False, False, True]


def test_parse_datetimes_accepts_the_pandas_string_dtype():
    values = pd.Series(["2017-08-10T08:49:31-07:00", "10-Jul-2025", ""], dtype="str")
    assert parse_datetimes(values, "UTC").tolist() == [T("2017-08-10 15:49:31"), T("2025-07-10"), pd.NaT]


def test_parse_datetimes_empty_series():
    result = parse_datetimes(pd.Series([], dtype=object), "UTC")
    assert result.dtype == "datetime64[ns]" and result.empty


def test_same_moment_in_every_form_gives_the_same_local_time():
    moment = [
        "2017-12-01T08:38:23+00:00",
        "2017-12-01 08:38:23 UTC",
        "2017-12-01T00:38:23-08:00",
        "Dec 1, 2017 12:38:23 AM PST",
        "Dec 1, 2017 12:38:23 a.m. PST",
        "01.12.2017 09:38:23 GMT+01:00",
        "1 Dec 2017 8:38:23 AM GMT",
        "2017/12/01 17:38:23 JST",
        "December 1, 2017 3:38:23 AM EST",
    ]
    assert set(_parse(moment, "Europe/Berlin")) == {T("2017-12-01 09:38:23")}


def test_zone_abbreviations():
    assert ZONE_OFFSETS["PST"] == -480 and ZONE_OFFSETS["IST"] == 330 and ZONE_OFFSETS["NST"] == -210
    texts = [f"2017/12/01 12:00:00 {zone}" for zone in ZONE_OFFSETS]
    expected = [T("2017-12-01 12:00:00") - pd.Timedelta(minutes=offset) for offset in ZONE_OFFSETS.values()]
    assert _parse(texts, "UTC") == expected


def test_unknown_time_zone_is_a_value_error():
    with pytest.raises(ValueError, match="Mars/Olympus"):
        parse_datetimes(pd.Series(["2025-07-10"]), "Mars/Olympus")


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(min_value=dt.datetime(1800, 1, 1), max_value=dt.datetime(2200, 12, 31)),
    st.integers(min_value=-14 * 60, max_value=14 * 60),
    st.sampled_from(["UTC", "America/Los_Angeles", "Asia/Tokyo", "Asia/Kolkata"]),
)
def test_iso_with_offset_round_trip(moment, offset_minutes, time_zone):
    zone = dt.timezone(dt.timedelta(minutes=offset_minutes))
    aware = moment.replace(tzinfo=zone)
    expected = pd.Timestamp(aware).tz_convert(time_zone).tz_localize(None)
    assert _parse([aware.isoformat()], time_zone) == [expected]


# --------------------------------------------------------------------------------------------------
# parse_numbers, detect_decimal_mark


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,052.64", 1052.64),
        ("-1,052.64", -1052.64),  # Date Range amounts (EN)
        ("14.0", 14.0),  # Airbyte item-price
        ("1.2", 1.2),  # US 2020 All Orders tax next to 1.12
        ("1.12", 1.12),
        ("0", 0.0),
        ("103.96", 103.96),  # qty 4 line total
        ("89.95", 89.95),
        ("24732.00", 24732.0),
        ("24732", 24732.0),  # the same price after Excel
        ("-8.69", -8.69),
        ("+3", 3.0),
        ("1,234,567.5", 1234567.5),
        (".5", 0.5),
        ("1e3", 1000.0),
    ],
)
def test_parse_numbers_decimal_point(text, expected):
    assert parse_numbers(pd.Series([text])).tolist() == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.052,64", 1052.64),
        ("-1.052,64", -1052.64),
        ("12,5", 12.5),
        ("-15,79", -15.79),
        ("1 052,64", 1052.64),
        ("1\u00a0052,64", 1052.64),
        ("1\u202f052,64", 1052.64),
        ("1.234", 1234.0),
        ("1.234.567,5", 1234567.5),
        ("0", 0.0),
        ("+0,5", 0.5),
    ],
)
def test_parse_numbers_decimal_comma(text, expected):
    assert parse_numbers(pd.Series([text]), ",").tolist() == [expected]


@pytest.mark.parametrize(
    ("text", "decimal"),
    [
        ("1,05.2", "."),  # comma not between groups of three
        ("1,2345", "."),
        ("12,5", "."),
        ("1.052,64", "."),
        ("1.", "."),
        ("-", "."),
        ("+", "."),
        ("inf", "."),
        ("-inf", "."),
        ("nan", "."),
        ("1e400", "."),  # infinite
        ("$5.00", "."),
        ("1 052.64", "."),
        ("1,052.64", ","),
        ("1.2", ","),
        ("1.234 567,5", ","),  # two different thousands separators
        ("12,5,0", ","),
        ("n/a", ","),
    ],
)
def test_unreadable_numbers_are_nan(text, decimal):
    values = pd.Series([text])
    result = parse_numbers(values, decimal)
    assert np.isnan(result.iloc[0])
    assert ((values != "") & result.isna()).tolist() == [True]


def test_blank_is_nan_not_zero_and_index_is_kept():
    values = pd.Series(["7.49", "", "2.14", None, "7.49"], index=list("abcde"), name="item-tax")
    result = parse_numbers(values)
    assert result.dtype == "float64" and result.name == "item-tax"
    assert result.index.tolist() == list("abcde")
    assert result.fillna(-1).tolist() == [7.49, -1, 2.14, -1, 7.49]


def test_parse_numbers_accepts_the_pandas_string_dtype_and_empty_series():
    assert parse_numbers(pd.Series(["1,052.64", ""], dtype="str")).fillna(-1).tolist() == [1052.64, -1]
    assert parse_numbers(pd.Series([], dtype=object)).empty
    assert parse_numbers(pd.Series([None, None])).isna().all()


def test_parse_numbers_rejects_other_decimal_marks():
    with pytest.raises(ValueError, match="decimal mark"):
        parse_numbers(pd.Series(["1"]), ";")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["12,5"], ","),
        (["1.234,56", "7"], ","),
        (["-1.052,64", "0", ""], ","),
        (["1.234.567"], ","),
        (["0,1736"], ","),
        (["1,052.64", "1"], "."),
        (["14.0", "7.0", "10.0"], "."),
        (["1.2", "1.12"], "."),
        (["1,234,567"], "."),
        (["1", "2", "0"], None),
        (["1,234"], None),
        (["1.234", "1,234"], None),
        ([], None),
        (["", "n/a", None], None),
    ],
)
def test_detect_decimal_mark(values, expected):
    assert detect_decimal_mark(values) == expected


def test_detect_decimal_mark_accepts_a_generator():
    assert detect_decimal_mark(value for value in ["57.96", "-8.69", "39.08"]) == "."


def test_contradicting_decimal_marks_are_a_value_error():
    with pytest.raises(ValueError, match="'12,5' has a decimal comma but '1.2' a decimal point"):
        detect_decimal_mark(["12,5", "1.2"])


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_formatted_amounts_round_trip_in_both_locales(amount):
    english = f"{amount:,.2f}"
    german = english.replace(",", " ").replace(".", ",").replace(" ", ".")
    assert parse_numbers(pd.Series([english, german])).iloc[0] == float(amount)
    assert parse_numbers(pd.Series([german]), ",").iloc[0] == float(amount)
    assert detect_decimal_mark([english]) == "." and detect_decimal_mark([german]) == ","


# parse_typed_number: a number the seller typed as text into a number cell


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.5", 12.5),
        (" 13.35 ", 13.35),
        ("0.125", 0.125),  # a leading 0 is no thousands group
        ("-7", -7.0),
        ("1e3", 1000.0),
        ("1,234.50", 1234.5),  # a comma and a dot: the last one is the decimal mark
        ("1.234,50", 1234.5),
        ("-1.234.567,8", -1234567.8),
        ("12,345.678", 12345.678),
        ("1,234,567", 1234567.0),  # several separators can only be thousands separators
        ("1.234.567", 1234567.0),
        # two readings: a decimal comma or a thousands separator
        ("13,35", AMBIGUOUS),
        ("12,5", AMBIGUOUS),
        ("1,335", AMBIGUOUS),
        ("0,5", AMBIGUOUS),
        ("1.335", AMBIGUOUS),  # 1.335, or 1,335 written the European way
        ("12.500", AMBIGUOUS),
        # not a number
        ("n/a", None),
        ("1,23.5", None),
        ("1,234,5", None),
        ("1.2.3", None),
        ("1_000", None),
        ("inf", None),
        ("1e400", None),
        ("", None),
    ],
)
def test_parse_typed_number_reads_only_texts_with_one_reading(text, expected):
    assert parse_typed_number(text) == expected

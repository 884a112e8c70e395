from hypothesis import given
from hypothesis import strategies as st

from agent.ingest.normalize import normalize


def test_fullwidth_and_thousands_map_back_verbatim():
    src = "[bookmark: _Toc1]收入合计１，４８９．９３万元，占１００％"
    n = normalize(src)
    assert n.text == "收入合计1489.93万元,占100%"
    i = n.text.index("1489.93")
    s, e = n.to_source(i, i + len("1489.93"))
    assert src[s:e] == "１，４８９．９３"


def test_ascii_thousands_separator():
    n = normalize("一般公共预算财政拨款收入 1,489.93 万元")
    assert "1489.93" in n.text


@given(st.text(alphabet="0123456789,，.．万元％%[]bookmark: 一二\n\t", max_size=80))
def test_round_trip_every_char_maps_into_source(src):
    n = normalize(src)
    assert len(n.origin) == len(n.text) + 1
    for i in range(len(n.text)):
        s, e = n.to_source(i, i + 1)
        assert 0 <= s < e <= len(src)

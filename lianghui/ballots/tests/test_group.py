"""Known answers for the group and the hash, from RFC 8032 and RFC 9380."""

import hashlib

import pytest

from lianghui.ballots import group as G


def test_base_point_is_rfc8032s():
    # RFC 8032 §5.1: B has y = 4/5 and x even; its encoding is 0x58 followed by 0x66 ...
    assert G.G.hex() == "58" + "66" * 31
    assert G.base_mul(1) == G.G


def test_rfc8032_test_1_public_key():
    # RFC 8032 §7.1 TEST 1: the public key is [s]B, s the clamped first half of SHA-512(secret).
    secret = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    h = bytearray(hashlib.sha512(secret).digest()[:32])
    h[0] &= 248
    h[31] &= 127
    h[31] |= 64
    s = int.from_bytes(h, "little")
    # our base_mul reduces mod q first, which is the same point as B is of order q
    assert G.base_mul(s).hex() == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"


def test_group_laws_with_identity():
    assert G.base_mul(0) == G.IDENTITY
    assert G.base_mul(G.Q) == G.IDENTITY
    assert G.add(G.base_mul(G.Q - 1), G.G) == G.IDENTITY
    assert G.mul(5, G.IDENTITY) == G.IDENTITY
    assert G.sub(G.G, G.G) == G.IDENTITY
    assert G.add(G.G, G.G) == G.base_mul(2) == G.mul(2, G.G)
    assert G.mul(3, G.base_mul(7)) == G.base_mul(21)


def test_points_from_outside_are_checked():
    assert G.point_from_str(G.G.hex()) == G.G
    with pytest.raises(G.GroupError):  # the identity: small order
        G.point_from_str(G.IDENTITY.hex())
    with pytest.raises(G.GroupError):  # y = 2 is not on the curve
        G.point_from_str("02" + "00" * 31)
    with pytest.raises(G.GroupError):  # a point of order 8 (RFC 7748 / libsodium blocklist)
        G.point_from_str("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a")
    with pytest.raises(G.GroupError):  # base point plus a point of order 2: not in the subgroup
        G.point_from_str(_b_plus_torsion())
    with pytest.raises(G.GroupError):
        G.point_from_str(G.base_mul(2).hex().upper())
    with pytest.raises(G.GroupError):
        G.point_from_str("zz" * 32)


def _b_plus_torsion() -> str:
    # -B has the same y as B and x odd; it is in the subgroup. B·(0,-1) has y' = -y, x' = -x:
    # encode y' = p - 4/5, the same x parity as B flipped: not in the prime-order subgroup.
    p = 2**255 - 19
    y = 4 * pow(5, -1, p) % p
    neg_y = (p - y) % p
    return (neg_y | (1 << 255)).to_bytes(32, "little").hex()


def test_scalars_from_outside_are_checked():
    assert G.scalar_from_str("0") == 0
    assert G.scalar_from_str(str(G.Q - 1)) == G.Q - 1
    for bad in [str(G.Q), "-1", "01", "1.0", "", " 1", 1, "١"]:
        with pytest.raises(G.GroupError):
            G.scalar_from_str(bad)


def test_expand_message_xmd_rfc9380_vectors():
    # RFC 9380 Appendix K.1, expand_message_xmd(SHA-256), len_in_bytes = 0x20
    dst = b"QUUX-V01-CS02-with-expander-SHA256-128"
    assert (
        G.expand_message_xmd(b"", dst, 0x20).hex()
        == "68a985b87eb6b46952128911f2a4412bbc302a9d759667f87f7a21d803f07235"
    )
    assert (
        G.expand_message_xmd(b"abc", dst, 0x20).hex()
        == "d8ccab23b5985ccea865c6c97b6e5b8350e794e603b4b97902f53a8a0d605615"
    )
    # len_in_bytes = 0x80: four blocks, so b_2..b_4 each hash strxor(b_0, b_(i-1))
    assert G.expand_message_xmd(b"", dst, 0x80).hex() == (
        "af84c27ccfd45d41914fdff5df25293e221afc53d8ad2ac06d5e3e29485dadbee0d121587713a3e0dd4d5e"
        "69e93eb7cd4f5df4cd103e188cf60cb02edc3edf18eda8576c412b18ffb658e3dd6ec849469b979d444cf7"
        "b26911a08e63cf31f9dcc541708d3491184472c2c29bb749d4286b004ceb5ee6b9a7fa5b646c993f0ced"
    )


def test_small_multiples_of_g_are_those_of_base_mul():
    """The interval proofs' g^M are computed once per process: the same points as base_mul,
    including M = 0 (the identity) and an M past the cached range."""
    for m in (0, 1, 2, 20, G._SMALL_LIMIT - 1, G._SMALL_LIMIT, 5000):
        assert G.small_base_mul(m) == G.base_mul(m)
        assert G.small_base_mul(m) == G.small_base_mul(m)
    assert G.small_base_mul(0) == G.IDENTITY


def test_hash_to_field_is_reduced_and_separated():
    a = G.hash_to_field("A", "m", 2)
    assert all(0 <= x < G.Q for x in a) and a[0] != a[1]
    assert G.hash_to_field("B", "m")[0] not in a


def test_operations_refuse_what_is_not_a_32_byte_point():
    """libsodium is called without PyNaCl's wrappers: the lengths are checked here, and
    libsodium's own refusal of a point is a GroupError."""
    for bad in (b"", G.G[:31], G.G + b"\x00", bytearray(G.G)):
        with pytest.raises(G.GroupError):
            G.add(G.G, bad)
        with pytest.raises(G.GroupError):
            G.sub(bad, G.G)
        with pytest.raises(G.GroupError):
            G.mul(5, bad)
    order_8 = bytes.fromhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05")
    with pytest.raises(G.GroupError):
        G.mul(5, order_8)
    assert G.add(G.base_mul(2), G.base_mul(3)) == G.base_mul(5) == G.mul(5, G.G)
    assert G.sub(G.base_mul(5), G.base_mul(3)) == G.base_mul(2)

"""Grouping free texts (method/comments.py): equal and near-equal answers counted once each,
with their most frequent written form, in an order that says nothing about submission."""

from __future__ import annotations

import random

from berakhlak.method.comments import CommentGroup, group_texts, normalise

KEY = "texts:7:None"


def test_case_spaces_punctuation_and_accents_make_no_difference():
    texts = ["Gaji naik!", "gaji  naik", "GAJI NAIK.", "Gají naik", "Gaji naik!"]
    [group] = group_texts(texts, KEY)
    assert group == CommentGroup("Gaji naik!", 5)
    assert normalise("  Kopi, Teh & Café…  ") == "kopi teh cafe"


def test_chat_abbreviations_and_stretched_letters_count_as_the_same_answer():
    texts = [
        "Pelayanan yg lebih cepat",
        "pelayanan yang lebih cepat",
        "Pelayanan yang lebih cepaaat",
    ]
    [group] = group_texts(texts, KEY)
    assert group.count == 3


def test_a_typo_in_one_long_word_joins_the_group_of_the_usual_spelling():
    texts = ["Koordinasi antarbidang lebih lancar"] * 3 + ["Kordinasi antarbidang lebih lancar"]
    [group] = group_texts(texts, KEY)
    assert group == CommentGroup("Koordinasi antarbidang lebih lancar", 4)


def test_answers_that_differ_in_meaning_stay_apart():
    texts = [
        "Pimpinan lebih sering hadir",
        "Pimpinan lebih jarang hadir",  # another word, not a typo
        "Lembur dibayar 2 kali",
        "Lembur dibayar 3 kali",  # numbers never merge
        "Nilai +1 untuk semua",
        "Nilai -1 untuk semua",  # nor signs of numbers
        "Gaji naik",
        "Gaji baik",  # short words never merge
        "Pegawai muda diberi kesempatan",
        "Pegawai muda diberi kesempatan menyampaikan ide",  # more words: another answer
    ]
    assert sorted(g.count for g in group_texts(texts, KEY)) == [1] * 10


def test_groups_are_listed_by_count_and_every_answer_is_counted_once():
    texts = ["A satu"] * 5 + ["B dua"] * 2 + ["C tiga"] * 2 + ["D empat"]
    groups = group_texts(texts, KEY)
    assert [g.count for g in groups] == [5, 2, 2, 1]
    assert sum(g.count for g in groups) == len(texts)
    assert group_texts([], KEY) == [] and group_texts(["", "  "], KEY) == []


def test_attack_groups_and_their_order_do_not_depend_on_the_order_answers_arrived():
    """A first-seen representative, or ties kept in input order, would tell which answer
    came first: the result must be the same for every submission order."""
    texts = [f"Saran nomor {i % 40} untuk pimpinan" for i in range(200)]
    texts += ["Ruang kerja nyaman", "ruang kerja nyaman!", "RUANG KERJA NYAMAN"]
    expected = group_texts(texts, KEY)
    for seed in range(5):
        shuffled = list(texts)
        random.Random(seed).shuffle(shuffled)
        assert group_texts(shuffled, KEY) == expected
    ones = [g.text for g in expected if g.count == 5]
    arrival = [f"Saran nomor {i} untuk pimpinan" for i in range(40)]
    assert ones != arrival and ones != sorted(arrival)  # equal counts: a keyed order
    [tie] = [g for g in expected if g.count == 3]
    assert tie.text == "RUANG KERJA NYAMAN"  # a tie of forms: the first in text order


def test_the_order_of_equal_counts_follows_the_key_not_the_texts_alone():
    texts = [f"Usulan {i} dari pegawai" for i in range(30)]
    one = [g.text for g in group_texts(texts, "texts:1:None")]
    other = [g.text for g in group_texts(texts, "texts:2:None")]
    assert sorted(one) == sorted(other) and one != other


def test_fifty_thousand_texts_are_grouped_and_none_lost():
    rng = random.Random(3)
    words = ["pelayanan", "koordinasi", "pimpinan", "pegawai", "cepat", "ramah", "jaringan"]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(3, 12))) for _ in range(50_000)]
    groups = group_texts(texts, KEY)
    assert sum(g.count for g in groups) == 50_000

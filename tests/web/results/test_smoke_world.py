from berakhlak.results.cycle_results import build_dashboard


def test_world_builds_and_the_published_dashboard_has_an_index(world):
    d = build_dashboard(world.published, "id")
    assert d.result.n == 284  # 60 + 150 + 70 + 4: the unit below k still counts in its parent
    assert 30 < d.implementasi.value < 90
    hidden = {u.code for u in d.units if u.hidden}
    assert "U04" in hidden

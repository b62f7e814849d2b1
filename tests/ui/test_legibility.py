"""Legibility: node names never print over each other, edge labels keep off node names, regions framed."""

from __future__ import annotations

from PySide6.QtCore import QRectF

from vpcdesigner.ui.canvas.items import metrics, split_two
from vpcdesigner.ui.canvas.labels import label_rect, place, room


def _shown_title_rect(item, delta: int, cap: float) -> QRectF:  # type: ignore[no-untyped-def]
    """Where the (elided) name would be painted at this font size, in scene coordinates."""
    x0, width = place(item, delta, cap, metrics(delta, True).horizontalAdvance(item.view.title) + 4)
    r = item.mapRectToScene(item.rect())
    return QRectF(r.center().x() + x0, r.bottom() + 2, width, metrics(delta, True).height())


def test_neighbouring_names_do_not_overlap_when_zoomed_out(window) -> None:  # type: ignore[no-untyped-def]
    scene = window.scene
    a, b = scene.item("isp-resolver"), scene.item("anycompany.example")
    assert abs(a.scenePos().y() - b.scenePos().y()) < 40  # side by side in the sample
    for delta in (0, 8, 16):  # 100 %, ~50 %, ~33 % zoom
        ra, rb = _shown_title_rect(a, delta, 260), _shown_title_rect(b, delta, 260)
        assert not ra.intersects(rb), (delta, ra, rb)
    # A short neighbour leaves more of the gap: "cdn" does not squeeze "customer" at 50 %.
    customer = scene.item("customer")
    assert room(customer, 8, 260) >= metrics(8, True).horizontalAdvance("customer")


def test_every_pair_of_node_names_is_apart_at_overview_zoom(window) -> None:  # type: ignore[no-untyped-def]
    nodes = [i for i in window.scene.items_by_id().values() if i.role in ("node", "mounted", "member")]
    for delta in (0, 12, 16):
        rects = {i.rid: _shown_title_rect(i, delta, 260 if delta else 150) for i in nodes}
        tiles = {i.rid: i.mapRectToScene(i.rect()) for i in nodes}
        clashes = [(x, y) for x in rects for y in rects if x < y and rects[x].intersects(rects[y])
                   and abs(tiles[x].center().x() - tiles[y].center().x()) >= 20]
        assert clashes == [], delta


def test_a_name_crowded_on_one_side_shifts_to_the_roomier_side(window) -> None:  # type: ignore[no-untyped-def]
    vgw = window.scene.item("vgw")
    near = [(o.rid, d) for o, d in vgw.label_neighbours if abs(d) < 120]
    assert near and near[0][0] == "dc-cgw" and near[0][1] > 0  # dc-cgw sits just right of vgw
    text_w = metrics(16, True).horizontalAdvance("vgw") + 4
    x0, width = place(vgw, 16, 260, text_w)
    assert width >= text_w  # shown whole, not "v…"
    assert x0 + width / 2 < 0  # moved left, away from dc-cgw


def test_a_squeezed_dotted_name_breaks_into_two_lines() -> None:
    one = metrics(0, True).horizontalAdvance("anycompany.example")
    assert split_two("anycompany.example", one + 1, 0) is None  # fits: one line
    assert split_two("anycompany.example", one * 0.7, 0) == ("anycompany.", "example")
    assert split_two("abcdefghijklmnop", 20, 0) is None  # nowhere to break: elided instead


def test_edge_labels_avoid_node_names(window) -> None:  # type: ignore[no-untyped-def]
    scene = window.scene
    labelled = [e for e in scene.edge_items().values() if e.spec.label and e._line.length() > 90]
    assert labelled
    nodes = [i for i in scene.items_by_id().values() if i.role in ("node", "mounted", "member")]
    for edge in labelled:
        box = edge._label_box()
        if edge._line.pointAt(0.5) == box.center():
            continue  # the middle was free, or nothing along the edge was
        for node in nodes:
            assert not label_rect(node).intersects(box) and not node.mapRectToScene(node.rect()).intersects(box)


def test_edge_label_moves_off_a_name_put_under_its_middle(window) -> None:  # type: ignore[no-untyped-def]
    from vpcdesigner.model import Placement

    scene = window.scene
    edge = next(e for e in scene.edge_items().values() if e.spec.label and e._line.length() > 200)
    mid = edge._line.pointAt(0.5)
    blocker = next(i for i in scene.items_by_id().values() if i.role == "node" and i.rid not in (
        edge.spec.src, edge.spec.dst) and i.parentItem() is None)
    # Put a top-level node so that its name sits right under the label's middle position.
    w, h = blocker.size()
    window.doc.set_placements({blocker.rid: Placement(x=mid.x() - w / 2, y=mid.y() - h - 10)})
    scene.flush()
    assert label_rect(blocker).contains(mid)
    box = edge._label_box()
    assert not label_rect(blocker).intersects(box)
    assert not blocker.mapRectToScene(blocker.rect()).intersects(box)


def test_region_bands_frame_the_vpcs_of_each_region(window) -> None:  # type: ignore[no-untyped-def]
    from vpcdesigner.model import Placement, Vpc

    scene = window.scene
    bands = scene.region_bands()
    assert set(bands) == {"us-east-1"}
    vpc = scene.item("store-vpc")
    assert bands["us-east-1"].rect().contains(vpc.mapRectToScene(vpc.rect()))
    far = vpc.mapRectToScene(vpc.rect()).right() + 600
    window.doc.add(Vpc(id="eu-vpc", region="eu-west-1", cidr="10.9.0.0/16"),
                   Placement(x=far, y=0, width=400, height=300))
    scene.flush()
    bands = scene.region_bands()
    assert set(bands) == {"us-east-1", "eu-west-1"}
    eu = scene.item("eu-vpc")
    assert bands["eu-west-1"].rect().contains(eu.mapRectToScene(eu.rect()))
    assert not bands["eu-west-1"].rect().intersects(bands["us-east-1"].rect())
    window.stack.clear()
    window.doc.remove(["eu-vpc"])
    scene.flush()
    assert set(scene.region_bands()) == {"us-east-1"}

"""The demo's follow-up (issue 14 item 8): Sukamaju's action plan on its latest published
results, focused on its weakest values, with activities in every state, progress notes,
evidence, change agents with reports and photos, role models, and a change agent's account.

Everything goes through the real actions (and so into the audit log); the photos are drawn
here with Pillow (nothing is downloaded) and pass the same upload checks as a user's.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from ..accounts.actions import do_create_user
from ..accounts.models import Role
from ..followup.actions import (
    do_add_activity,
    do_add_change_agent,
    do_add_evidence,
    do_add_report,
    do_add_role_model,
    do_choose_focus,
    do_update_activity,
)
from ..orgs.models import Instansi, Unit
from ..results.cycle_results import build_dashboard
from ..surveys.models import Cycle

CHANGE_AGENT = "agen.kesehatan"


def demo_photo(seed: int, caption: str) -> SimpleUploadedFile:
    """A drawn 'photo' of a meeting: a room, a screen, people as circles; a JPEG."""
    width, height = 640, 420
    image = Image.new("RGB", (width, height), (236, 230, 214))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 300, width, height), fill=(150, 118, 84))  # floor
    draw.rectangle((180, 40, 460, 200), fill=(250, 250, 250), outline=(60, 60, 60), width=4)
    draw.text((200, 60), caption[:40], fill=(20, 60, 110))
    for i in range(12):
        x = 40 + (i * 53 + seed * 17) % (width - 80)
        y = 250 + (i * 29 + seed * 7) % 110
        colour = ((seed * 40 + i * 23) % 200, 80 + i * 9 % 120, 140)
        draw.ellipse((x, y - 40, x + 30, y - 10), fill=(205, 160, 120))
        draw.rectangle((x - 5, y - 10, x + 35, y + 40), fill=colour)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return SimpleUploadedFile(f"IMG_{2026_0000 + seed}.jpg", out.getvalue(), "image/jpeg")


def _unit(instansi: Instansi, name: str) -> Unit:
    return instansi.units.filter(name=name).first() or instansi.units.order_by("code").first()


def load_followup_demo(
    cycle: Cycle, operator: Any, leader: Any, unit_leader: Any, agent_password: str
) -> None:
    """The plan on `cycle`'s published results, made by its operator and leader; `unit_leader`
    heads the Dinas Kesehatan (or the first unit), whose change agent gets an account."""
    instansi = cycle.instansi
    proposals = build_dashboard(cycle).focus_proposals
    values = proposals.values[:2]
    limiting = [p.code for p in proposals.limiting[:1]]
    do_choose_focus(cycle, values, limiting, actor=leader)
    health = unit_leader.membership.unit or _unit(instansi, "Dinas Kesehatan")
    secretariat = _unit(instansi, "Sekretariat Daerah")
    year = cycle.year + 1
    first, second = values[0], values[-1]
    plan: list[tuple[str, list[str], Unit | None, str, str, int, int, str, str]] = [
        # title, addresses, unit, person, position, start month, end month, target, status
        (
            "Apel nilai BerAKHLAK bulanan",
            [first],
            None,
            "Drs. Hendra Wijaya",
            "Sekretaris Daerah",
            1,
            12,
            "12 apel, 80% pegawai hadir",
            "berjalan",
        ),
        (
            "Klinik layanan tanpa antre",
            [first, *limiting],
            health,
            "dr. Ratna Sari",
            "Kepala Dinas Kesehatan",
            2,
            6,
            "Waktu tunggu di bawah 30 menit",
            "selesai",
        ),
        (
            "Coaching oleh role model",
            [second],
            health,
            "Ns. Budi Santoso",
            "Kepala Bidang Pelayanan",
            3,
            10,
            "40 pegawai dibimbing",
            "berjalan",
        ),
        (
            "Forum lintas OPD",
            [second],
            secretariat,
            "Ir. Siti Aminah",
            "Kepala Bagian Organisasi",
            4,
            9,
            "6 forum",
            "rencana",
        ),
        (
            "Survei kepuasan internal",
            [first],
            secretariat,
            "Agus Prasetyo, S.E.",
            "Analis Kebijakan",
            5,
            7,
            "1 laporan",
            "batal",
        ),
        (
            "Penghargaan pegawai teladan",
            [second],
            None,
            "Dra. Maria Ulfa",
            "Asisten Administrasi Umum",
            6,
            12,
            "1 penghargaan per triwulan",
            "rencana",
        ),
    ]
    made = []
    for title, addresses, unit, person, position, start, end, target, status in plan:
        activity = do_add_activity(
            cycle,
            {
                "title": title,
                "description": "",
                "addresses": addresses,
                "unit": unit,
                "person_name": person,
                "person_position": position,
                "starts_on": datetime.date(year, start, 1),
                "ends_on": datetime.date(year, end, 28),
                "target": target,
                "status": "rencana",
            },
            actor=operator,
        )
        if status != "rencana":
            editor = unit_leader if unit == health else operator
            do_update_activity(
                activity,
                status,
                datetime.date(year, min(end, start + 2), 15),
                _note(status),
                actor=editor,
            )
        made.append(activity)
    do_add_evidence(
        made[1], "Foto klinik layanan", upload=demo_photo(1, "Klinik layanan"), actor=unit_leader
    )
    do_add_evidence(
        made[0], "Notula apel", url="https://sukamaju.example.go.id/notula-apel", actor=operator
    )
    agents = []
    for unit, name, position in (
        (health, "Dewi Lestari, S.Kep.", "Perawat Ahli Muda"),
        (health, "Rudi Hartono", "Pranata Komputer"),
        (secretariat, "Yuliana Putri, S.H.", "Analis Hukum"),
    ):
        agents.append(
            do_add_change_agent(
                unit,
                {
                    "name": name,
                    "position": position,
                    "nip": "",
                    "decree_number": f"800/{len(agents) + 11}/SK/{year}",
                    "decree_date": datetime.date(year, 1, 10),
                    "period_start": datetime.date(year, 1, 10),
                    "period_end": datetime.date(year, 12, 31),
                },
                actor=operator,
            )
        )
    for unit, name, position in (
        (health, "dr. Ratna Sari", "Kepala Dinas Kesehatan"),
        (secretariat, "Drs. Hendra Wijaya", "Sekretaris Daerah"),
    ):
        do_add_role_model(
            unit, {"name": name, "position": position, "nip": "", "year": year}, actor=operator
        )
    do_create_user(
        CHANGE_AGENT,
        Role.CHANGE_AGENT,
        instansi=instansi,
        unit=health,
        password=agent_password,
        actor=operator,
    )
    for i, (agent, title, activity) in enumerate(
        (
            (agents[0], "Sosialisasi nilai Berorientasi Pelayanan", made[1]),
            (agents[1], "Kampanye poster di ruang tunggu", made[2]),
            (agents[2], "Diskusi nilai dengan bagian hukum", None),
        ),
        start=2,
    ):
        do_add_report(
            agent,
            {
                "on": datetime.date(year, 2 + i, 12),
                "title": title,
                "description": "Diikuti pegawai unit; dibahas contoh perilaku sehari-hari.",
                "participants": 15 + 7 * i,
                "activity": activity,
            },
            [demo_photo(i, title)],
            actor=operator,
        )


def _note(status: str) -> str:
    return {
        "berjalan": "Sudah berjalan; jadwal bulan berikutnya disepakati.",
        "selesai": "Selesai sesuai target; laporan dan foto terlampir.",
        "batal": "Dibatalkan: digabung dengan survei tahunan.",
    }[status]

"""Signing in and out: the sign-in page, the navbar's account block, the gate's refusals and
the roles' names."""

from __future__ import annotations

from typing import Final

# key -> (Vietnamese, English)
TEXTS: Final[dict[str, tuple[str, str]]] = {
    "auth.title": ("Đăng nhập", "Sign in"),
    "auth.username": ("Tên đăng nhập", "User name"),
    "auth.password": ("Mật khẩu", "Password"),
    "auth.submit": ("Đăng nhập", "Sign in"),
    "auth.failed": ("Tên đăng nhập hoặc mật khẩu không đúng", "Wrong user name or password"),
    "auth.locked": (
        "Tài khoản tạm khóa vì đăng nhập sai nhiều lần. Hãy thử lại sau {minutes} phút.",
        "The account is locked after too many failed sign-ins. Try again in {minutes} min.",
    ),
    "auth.signed_in_as": ("Đang đăng nhập: {name}", "Signed in as {name}"),
    "auth.home": ("Vào bảng điều khiển", "Open the dashboard"),
    "auth.logout": ("Đăng xuất", "Sign out"),
    "auth.logout_question": ("Đăng xuất tài khoản {name}?", "Sign out of {name}?"),
    "auth.signed_out": ("Đã đăng xuất.", "You are signed out."),
    "auth.required": (
        "Cần đăng nhập (phiên làm việc đã hết hạn hoặc chưa đăng nhập)",
        "Sign-in required (the session has expired or nobody is signed in)",
    ),
    "auth.bad_form": (
        "Biểu mẫu đã hết hạn hoặc không hợp lệ; hãy tải lại trang rồi thử lại",
        "The form has expired or is not valid; reload the page and try again",
    ),
    "auth.cross_site": (
        "Yêu cầu gửi từ một trang khác bị từ chối",
        "A request sent from another site was refused",
    ),
    "auth.account_title": ("Tài khoản", "Account"),
    "role.lanh_dao": ("Lãnh đạo", "Leadership"),
    "role.chuyen_vien": ("Chuyên viên", "Analyst"),
    "role.don_vi": ("Đơn vị", "Unit"),
}

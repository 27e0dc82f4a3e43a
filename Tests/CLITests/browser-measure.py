#!/usr/bin/env python3
"""Loads one page in headless Chromium at a given width and reports how wide the laid-out document is.

Chromium's --dump-dom and --screenshot switches cannot lay a page out narrower than 500 px, so the browser test
drives Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe: NUL-terminated JSON on fds 3 and 4,
no network port): it emulates a phone-sized viewport (Emulation.setDeviceMetricsOverride), loads the page, reads
document.documentElement.scrollWidth and innerWidth, and saves a full-page screenshot.

usage: browser-measure.py CHROMIUM URL WIDTH SCREENSHOT.png PROFILE_DIR [COOKIE_NAME=VALUE]
(the cookie, e.g. a session from signing in, is set for the URL's host before the page loads)
prints: {"docWidth": N, "viewWidth": N, "height": N}
"""
import base64
import fcntl
import json
import os
import subprocess
import sys
import time


def main():
    chromium, url, width, shot, profile = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
    cookie = sys.argv[6] if len(sys.argv) > 6 and "=" in sys.argv[6] else None
    to_chrome_r, to_chrome_w = os.pipe()
    from_chrome_r, from_chrome_w = os.pipe()
    # The child's ends go above 9 first, so the moves below never land on one another.
    def high(fd):
        moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 20)
        os.close(fd)
        return moved
    to_chrome_r, from_chrome_w = high(to_chrome_r), high(from_chrome_w)
    # The child reads commands on fd 3 and writes answers on fd 4: the two ends are moved there by a shell, so
    # that nothing of subprocess's own bookkeeping can sit on those numbers.
    cmd = 'exec "$0" "$@" 3<&%d 4>&%d %d<&- %d>&-' % (to_chrome_r, from_chrome_w, to_chrome_r, from_chrome_w)
    proc = subprocess.Popen(["/bin/bash", "-c", cmd, chromium, "--headless", "--no-sandbox", "--disable-gpu",
                             "--hide-scrollbars", "--remote-debugging-pipe", "--user-data-dir=" + profile, "about:blank"],
                            pass_fds=(to_chrome_r, from_chrome_w), stdout=subprocess.DEVNULL,
                            stderr=(None if os.environ.get("MEASURE_DEBUG") else subprocess.DEVNULL))
    os.close(to_chrome_r)
    os.close(from_chrome_w)
    out = os.fdopen(to_chrome_w, "wb", buffering=0)
    inp = os.fdopen(from_chrome_r, "rb", buffering=0)
    buf = b""
    next_id = [0]
    events = []

    def read_message(deadline):
        nonlocal buf
        while b"\0" not in buf:
            if time.time() > deadline:
                raise TimeoutError("no answer from Chromium")
            chunk = inp.read(65536)
            if not chunk:
                raise EOFError("Chromium closed the pipe")
            buf += chunk
        msg, buf = buf.split(b"\0", 1)
        return json.loads(msg)

    def call(method, params=None, session=None, timeout=30):
        next_id[0] += 1
        msg = {"id": next_id[0], "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        out.write(json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            m = read_message(deadline)
            if m.get("id") == next_id[0]:
                if "error" in m:
                    raise RuntimeError(method + ": " + json.dumps(m["error"]))
                return m.get("result", {})
            events.append(m)

    def wait_event(name, session, timeout=30):
        deadline = time.time() + timeout
        while True:
            for i, e in enumerate(events):
                if e.get("method") == name and e.get("sessionId") == session:
                    del events[i]
                    return e
            events.append(read_message(deadline))

    try:
        target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        call("Emulation.setDeviceMetricsOverride", {"width": width, "height": 1600, "deviceScaleFactor": 1,
                                                    "mobile": width < 600}, session)
        call("Page.enable", {}, session)
        if cookie:
            name, value = cookie.split("=", 1)
            call("Network.setCookie", {"name": name, "value": value, "url": url}, session)
        call("Page.navigate", {"url": url}, session)
        wait_event("Page.loadEventFired", session)
        value = call("Runtime.evaluate", {"expression": "JSON.stringify([document.documentElement.scrollWidth, "
                                                        "window.innerWidth, document.documentElement.scrollHeight])",
                                          "returnByValue": True}, session)["result"]["value"]
        doc, view, height = json.loads(value)
        shot_data = call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                    "clip": {"x": 0, "y": 0, "width": width,
                                                             "height": min(height, 12000), "scale": 1}}, session)["data"]
        with open(shot, "wb") as f:
            f.write(base64.b64decode(shot_data))
        print(json.dumps({"docWidth": doc, "viewWidth": view, "height": height}))
        try:
            call("Browser.close", timeout=5)
        except Exception:
            pass
    finally:
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()

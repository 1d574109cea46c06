"""Starts a kernel through a Jupyter server's REST API and runs one cell over
the kernel's websocket, as JupyterLab does; prints the kernel and the cell's
messages as JSON, then shuts the kernel down.

Usage: ws_client.py URL TOKEN CODE [KERNEL_NAME]
(URL may carry a path prefix, as a JupyterHub user's server does.)
"""

import asyncio
import json
import sys
import uuid

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect


def request(msg_type, content):
    return {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "username": "test",
            "session": uuid.uuid4().hex,
            "version": "5.3",
            "date": "",
        },
        "parent_header": {},
        "metadata": {},
        "content": content,
        "channel": "shell",
        "buffers": [],
    }


async def main(url, token, code, kernel_name):
    http = AsyncHTTPClient()
    headers = {"Authorization": "token " + token}
    resp = await http.fetch(
        url + "/api/kernels", method="POST", headers=headers, body=json.dumps({"name": kernel_name})
    )
    kernel = json.loads(resp.body)
    ws_url = url.replace("http", "ws", 1) + "/api/kernels/%s/channels" % kernel["id"]
    ws = await websocket_connect(HTTPRequest(ws_url, headers=headers))
    msg = request("execute_request", {
        "code": code,
        "silent": False,
        "store_history": True,
        "user_expressions": {},
        "allow_stdin": False,
        "stop_on_error": True,
    })
    msg_id = msg["header"]["msg_id"]
    await ws.write_message(json.dumps(msg))
    out = {"kernel": kernel, "messages": []}
    replied = idle = False
    while not (replied and idle):
        raw = await asyncio.wait_for(ws.read_message(), 60)
        if raw is None:
            raise SystemExit("the websocket closed before the cell ended")
        m = json.loads(raw)
        if m.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        out["messages"].append({"channel": m["channel"], "msg_type": m["msg_type"], "content": m["content"]})
        replied = replied or m["msg_type"] == "execute_reply"
        idle = idle or (m["msg_type"] == "status" and m["content"]["execution_state"] == "idle")
    ws.close()
    await http.fetch(url + "/api/kernels/" + kernel["id"], method="DELETE", headers=headers)
    print(json.dumps(out))


if __name__ == "__main__":
    name = sys.argv[4] if len(sys.argv) > 4 else "opsh"
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], name))

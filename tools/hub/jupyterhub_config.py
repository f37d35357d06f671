# JupyterHub on loopback, for trying the course as a class would use it and for the hub browser
# tests. Started by tools/hub/local_hub.py (`make hub`), which sets the CBEC_HUB_* variables.
#
# NOT FOR PRODUCTION: every user shares one password, and every single-user server runs as the
# account that started the hub, so students could read each other's files if they tried. A real
# course uses deploy/ (Zero-to-JupyterHub: one container and one volume per student).
# ruff: noqa: F821  (``c`` and ``get_config`` are given by JupyterHub when it loads this file)

import os
import sys
from pathlib import Path

c = get_config()

state = Path(os.environ["CBEC_HUB_STATE"])
homes = Path(os.environ["CBEC_HUB_HOMES"])

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ["CBEC_HUB_PORT"])
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ["CBEC_HUB_INTERNAL_PORT"])
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
# Hub, proxy and servers all stop with the hub: nothing is left running after Ctrl-C or a test.
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# The real configurable-http-proxy. Debian's package keeps its modules in /usr/share/nodejs,
# which Debian's node searches by itself but other builds of node (NodeSource's) do not.
c.ConfigurableHTTPProxy.command = [os.environ.get("CBEC_HUB_PROXY", "configurable-http-proxy")]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['CBEC_HUB_PROXY_API_PORT']}"
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
os.environ["NODE_PATH"] = os.pathsep.join(
    p for p in (os.environ.get("NODE_PATH", ""), "/usr/share/nodejs") if p
)

# A shared password for a local trial only (see the warning above).
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = os.environ["CBEC_HUB_PASSWORD"]
c.Authenticator.allow_all = True
c.Authenticator.admin_users = {"teacher"}

# Each user's home is a folder under a temporary root, and the server runs without switching
# user (the trial runs as one account, often root in a container).
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(homes / "{username}")
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab"
# The course environment's own server: its JupyterLab settings overrides (no news, no update
# checks) and its kernel's Chinese NameError hints come with it, from .venv.
c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
c.Spawner.args = ["--allow-root"] if os.getuid() == 0 else []
if os.environ.get("CBEC_HUB_EXPOSE_APP") == "1":  # the browser tests read JupyterLab's own models
    c.Spawner.args.append("--LabApp.expose_app_in_browser=True")
c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL", "VIRTUAL_ENV"]
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

#!/usr/bin/env python3
"""The official Kubernetes Python client (python3-kubernetes) against a kubedeck sim.

Usage: python_client.py KUBECONFIG CHECK [ARGS...]; prints one JSON document of facts on stdout (the node
test test/sim/client-python.test.ts asserts on them). Each check uses the client the way its README
and examples do: typed APIs, kubernetes.watch, kubernetes.stream.stream and portforward.
"""

import json
import re
import sys
import time
import warnings

warnings.filterwarnings('ignore')  # the sim's certificate is self-signed (insecure-skip-tls-verify)

from kubernetes import client, config, watch  # noqa: E402
from kubernetes.client.rest import ApiException  # noqa: E402
from kubernetes.stream import portforward, stream  # noqa: E402


def snake(name):
    s = re.sub('(.)([A-Z][a-z]+)', r'\1_\2', name)
    return re.sub('([a-z0-9])([A-Z])', r'\1_\2', s).lower()


def api_class(group, version):
    """The generated API class of a group/version: apps v1 -> AppsV1Api, rbac.authorization.k8s.io -> RbacAuthorizationV1Api."""
    g = group[: -len('.k8s.io')] if group.endswith('.k8s.io') else group
    name = ''.join(p.capitalize() for p in g.split('.')) if g else 'Core'
    return name + version.capitalize() + 'Api'


def failure(e):
    """What an ApiException says: HTTP status, reason, and the Status body's reason and message."""
    body = {}
    try:
        body = json.loads(e.body or '{}')
    except ValueError:
        pass
    return {'status': e.status, 'reason': body.get('reason'), 'message': body.get('message'), 'kind': body.get('kind')}


def check_discover():
    """Every served resource with a list verb, listed through its typed API (deserialised into models)."""
    api = client.ApiClient()
    versions = [('', 'v1')]
    for g in client.ApisApi().get_api_versions().groups:
        versions += [(g.name, v.version) for v in g.versions]
    out = {'typed': [], 'noClass': [], 'noMethod': [], 'untyped': [], 'errors': []}
    for group, version in versions:
        if group == '':
            rl = client.CoreV1Api().get_api_resources()
        else:
            rl = api.call_api(
                '/apis/%s/%s' % (group, version), 'GET', response_type='V1APIResourceList',
                auth_settings=['BearerToken'], _return_http_data_only=True)
        for r in rl.resources:
            if '/' in r.name or 'list' not in (r.verbs or []):
                continue
            key = '%s.%s/%s' % (r.name, group or 'core', version)
            cls = getattr(client, api_class(group, version), None)
            method = 'list_' + snake(r.kind) + ('_for_all_namespaces' if r.namespaced else '')
            try:
                if cls is None or not hasattr(cls, method):
                    # no typed API in this client version: the generic one must still list it
                    if group:
                        co = client.CustomObjectsApi()
                        items = co.list_cluster_custom_object(group, version, r.name)['items']
                    else:
                        items = []
                    out['noClass' if cls is None else 'noMethod'].append(key)
                    out['untyped'].append([key, len(items)])
                    continue
                items = getattr(cls(), method)().items
                kinds = sorted({type(i).__name__ for i in items})
                out['typed'].append([key, len(items), kinds])
            except Exception as e:  # a model that cannot take what the server sent, or an HTTP error
                out['errors'].append([key, type(e).__name__, str(e)[:400]])
    print(json.dumps(out))


def check_crud(ns):
    """ConfigMaps through CoreV1Api: create, conflict, invalid, read, replace, patch, delete, not found."""
    v1 = client.CoreV1Api()
    out = {}
    body = client.V1ConfigMap(metadata=client.V1ObjectMeta(name='py-cm', labels={'from': 'python'}), data={'a': '1'})
    created = v1.create_namespaced_config_map(ns, body)
    out['created'] = {'type': type(created).__name__, 'name': created.metadata.name, 'data': created.data,
                      'uid': bool(created.metadata.uid), 'rv': bool(created.metadata.resource_version)}
    for what, call in [
        ('conflict', lambda: v1.create_namespaced_config_map(ns, body)),
        ('invalid', lambda: v1.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name='Bad_Name')))),
        ('missing', lambda: v1.read_namespaced_config_map('no-such-cm', ns)),
        ('missingNamespace', lambda: v1.read_namespaced_config_map('py-cm', 'no-such-namespace')),
        ('staleReplace', lambda: v1.replace_namespaced_config_map('py-cm', ns, client.V1ConfigMap(
            metadata=client.V1ObjectMeta(name='py-cm', resource_version='1'), data={'a': 'stale'}))),
    ]:
        try:
            call()
            out[what] = {'status': 'no error'}
        except ApiException as e:
            out[what] = failure(e)
    got = v1.read_namespaced_config_map('py-cm', ns)
    got.data['b'] = '2'
    replaced = v1.replace_namespaced_config_map('py-cm', ns, got)
    out['replaced'] = replaced.data
    patched = v1.patch_namespaced_config_map('py-cm', ns, {'data': {'c': '3'}, 'metadata': {'labels': {'patched': 'yes'}}})
    out['patched'] = {'data': patched.data, 'labels': patched.metadata.labels}
    listed = v1.list_namespaced_config_map(ns, label_selector='from=python')
    out['listed'] = [i.metadata.name for i in listed.items]
    deleted = v1.delete_namespaced_config_map('py-cm', ns)
    out['deleted'] = type(deleted).__name__
    try:
        v1.delete_namespaced_config_map('py-cm', ns)
        out['deletedAgain'] = {'status': 'no error'}
    except ApiException as e:
        out['deletedAgain'] = failure(e)
    print(json.dumps(out))


def check_watch(ns):
    """kubernetes.watch.Watch from a resourceVersion: the changes made after it, as typed events."""
    v1 = client.CoreV1Api()
    rv = v1.list_namespaced_config_map(ns).metadata.resource_version
    v1.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name='py-watched'), data={'n': '1'}))
    v1.patch_namespaced_config_map('py-watched', ns, {'data': {'n': '2'}})
    v1.delete_namespaced_config_map('py-watched', ns)
    events = []
    w = watch.Watch()
    for e in w.stream(v1.list_namespaced_config_map, ns, resource_version=rv, timeout_seconds=10):
        obj = e['object']
        events.append({'type': e['type'], 'class': type(obj).__name__, 'name': obj.metadata.name,
                       'data': obj.data, 'rawKind': e['raw_object'].get('kind')})
        if e['type'] == 'DELETED':
            w.stop()
    # a watch on a whole kind across namespaces, with a timeout: it ends by itself
    started = time.time()
    count = sum(1 for _ in watch.Watch().stream(client.CoreV1Api().list_namespace, timeout_seconds=1))
    print(json.dumps({'events': events, 'namespaceEvents': count, 'endedAfter': time.time() - started}))


def run_exec(v1, pod, ns, container, command, tty=False):
    """One exec as the client's examples run it; a server that batches frames makes run_forever wait out its timeout."""
    started = time.time()
    kwargs = {'container': container} if container else {}
    r = stream(v1.connect_get_namespaced_pod_exec, pod, ns, command=command, stderr=True, stdin=False,
               stdout=True, tty=tty, _preload_content=False, **kwargs)
    r.run_forever(timeout=15)
    out = {'stdout': r.read_stdout(), 'stderr': r.read_stderr(), 'open': r.is_open()}
    err = r.peek_channel(3)
    out['status'] = json.loads(err) if err else None
    try:
        out['returncode'] = r.returncode
    except (ValueError, TypeError, KeyError) as e:  # the client reads an exit code only from NonZeroExitCode
        out['returncode'] = 'unreadable: %s' % type(e).__name__
    r.close()
    out['seconds'] = time.time() - started
    return out


def check_exec(ns, pod, container, shellless_pod):
    v1 = client.CoreV1Api()
    out = {
        'ok': run_exec(v1, pod, ns, container, ['sh', '-c', 'echo out; echo err >&2']),
        'code3': run_exec(v1, pod, ns, container, ['sh', '-c', 'echo before; exit 3']),
        'false': run_exec(v1, pod, ns, container, ['false']),
        'notFound': run_exec(v1, pod, ns, container, ['sh', '-c', 'nope']),
        'direct': run_exec(v1, pod, ns, container, ['echo', 'a', '$HOME']),
        'tty': run_exec(v1, pod, ns, container, ['sh', '-c', 'echo line'], tty=True),
        'noProgram': run_exec(v1, shellless_pod, ns, None, ['sh']),
        'otherContainer': run_exec(v1, pod, ns, 'side', ['sh', '-c', 'echo $HOSTNAME; exit 7']),
    }
    # the simplest call from the client's README: preloaded output as one string
    started = time.time()
    out['preloaded'] = stream(v1.connect_get_namespaced_pod_exec, pod, ns, command=['hostname'],
                              stderr=True, stdin=False, stdout=True, tty=False)
    out['preloadedSeconds'] = time.time() - started
    for what, call in [
        ('missingPod', lambda: stream(v1.connect_get_namespaced_pod_exec, 'no-such-pod', ns, command=['ls'],
                                      stderr=True, stdin=False, stdout=True, tty=False)),
    ]:
        try:
            call()
            out[what] = 'no error'
        except ApiException as e:
            out[what] = {'status': e.status, 'reason': str(e.reason)[:300]}
    print(json.dumps(out))


def check_logs(ns, pod, container, crashing_pod):
    v1 = client.CoreV1Api()
    out = {}
    out['all'] = v1.read_namespaced_pod_log(pod, ns, container=container)
    out['tail2'] = v1.read_namespaced_pod_log(pod, ns, container=container, tail_lines=2)
    out['timestamps'] = v1.read_namespaced_pod_log(pod, ns, container=container, tail_lines=1, timestamps=True)
    out['since1'] = v1.read_namespaced_pod_log(pod, ns, container=container, since_seconds=1)
    out['since3600'] = v1.read_namespaced_pod_log(pod, ns, container=container, since_seconds=3600)
    out['limit10'] = v1.read_namespaced_pod_log(pod, ns, container=container, limit_bytes=10)
    out['previous'] = v1.read_namespaced_pod_log(crashing_pod, ns, previous=True)
    out['current'] = v1.read_namespaced_pod_log(crashing_pod, ns)
    # follow: lines keep coming on one response
    resp = v1.read_namespaced_pod_log(pod, ns, container=container, follow=True, tail_lines=0, _preload_content=False)
    followed = []
    started = time.time()
    for line in resp.stream(amt=None):
        followed.append(line.decode('utf-8'))
        if ''.join(followed).count('\n') >= 2 or time.time() - started > 20:
            break
    resp.release_conn()
    out['follow'] = ''.join(followed)
    for what, call in [
        ('badContainer', lambda: v1.read_namespaced_pod_log(pod, ns, container='nope')),
        ('noPrevious', lambda: v1.read_namespaced_pod_log(pod, ns, container=container, previous=True)),
        ('negativeTail', lambda: v1.read_namespaced_pod_log(pod, ns, container=container, tail_lines=-1)),
        ('missingPod', lambda: v1.read_namespaced_pod_log('no-such-pod', ns)),
    ]:
        try:
            call()
            out[what] = {'status': 'no error'}
        except ApiException as e:
            out[what] = failure(e)
    print(json.dumps(out))


def check_portforward(ns, pod, port, closed_port):
    v1 = client.CoreV1Api()
    started = time.time()
    pf = portforward(v1.connect_get_namespaced_pod_portforward, pod, ns, ports='%d,%d' % (port, closed_port))
    sock = pf.socket(port)
    sock.setblocking(True)
    sock.sendall(b'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')
    reply = b''
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            break
        reply += chunk
    sock.close()
    # the refused port: the kubelet's words arrive on its error channel
    deadline = time.time() + 15
    while pf.error(closed_port) is None and time.time() < deadline:
        time.sleep(0.05)
    out = {'reply': reply.decode('utf-8', 'replace'), 'error': pf.error(port),
           'closedError': pf.error(closed_port), 'seconds': time.time() - started}
    pf.close()
    try:
        portforward(v1.connect_get_namespaced_pod_portforward, 'no-such-pod', ns, ports='%d' % port)
        out['missingPod'] = 'no error'
    except ApiException as e:
        out['missingPod'] = {'status': e.status, 'reason': str(e.reason)[:300]}
    print(json.dumps(out))


CHECKS = {
    'discover': check_discover,
    'crud': check_crud,
    'watch': check_watch,
    'exec': check_exec,
    'logs': check_logs,
    'portforward': lambda ns, pod, port, closed: check_portforward(ns, pod, int(port), int(closed)),
}

if __name__ == '__main__':
    config.load_kube_config(sys.argv[1])
    CHECKS[sys.argv[2]](*sys.argv[3:])

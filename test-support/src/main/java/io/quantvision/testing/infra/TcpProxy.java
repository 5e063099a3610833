package io.quantvision.testing.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback TCP proxy to put between a service under test and a real server, so a test can take
 * the server away ({@link #cut()}: open connections are reset, new ones refused) and give it back
 * ({@link #restore()}) without stopping the server other tests share.
 */
public final class TcpProxy implements AutoCloseable {

  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService threads = Executors.newCachedThreadPool(TcpProxy::daemon);
  private volatile ServerSocket server;

  private TcpProxy(String targetHost, int targetPort, int port) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.port = port;
  }

  /** Starts a proxy on a free loopback port forwarding to {@code host:port}. */
  public static TcpProxy start(String host, int port) {
    try {
      TcpProxy proxy = new TcpProxy(host, port, Infrastructure.freePort());
      proxy.restore();
      return proxy;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a TCP proxy to " + host + ":" + port, e);
    }
  }

  public int port() {
    return port;
  }

  public String host() {
    return "127.0.0.1";
  }

  /** Stops accepting and resets every open connection: the server looks gone. */
  public synchronized void cut() {
    ServerSocket current = server;
    server = null;
    closeQuietly(current);
    open.forEach(TcpProxy::closeQuietly);
    open.clear();
  }

  /** Accepts connections again (on the same port). */
  public synchronized void restore() throws IOException {
    if (server != null) {
      return;
    }
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress("127.0.0.1", port));
    server = socket;
    threads.execute(() -> accept(socket));
  }

  @Override
  public void close() {
    cut();
    threads.shutdownNow();
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Socket upstream = new Socket(targetHost, targetPort);
        open.add(client);
        open.add(upstream);
        threads.execute(() -> pump(client, upstream));
        threads.execute(() -> pump(upstream, client));
      } catch (IOException e) {
        if (!socket.isClosed()) {
          sleepBriefly();
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) != -1) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (SocketException e) {
      // cut() or the peer went away
    } catch (IOException e) {
      // same: the other direction's pump closes its side
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      if (closeable instanceof Socket socket && !socket.isClosed()) {
        socket.setSoLinger(true, 0); // RST, as a dead server would look
      }
      closeable.close();
    } catch (IOException e) {
      // already closed
    }
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "tcp-proxy");
    thread.setDaemon(true);
    return thread;
  }
}

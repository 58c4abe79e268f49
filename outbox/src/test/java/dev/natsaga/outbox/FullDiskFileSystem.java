package dev.natsaga.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system over the real disk whose writes can be made to fail as on a full disk ({@code No space left on
 * device}): H2 URLs {@code jdbc:h2:fulldisk:/path/db} keep their files on disk, and while {@link #fill} is in force
 * every write, truncation and sync of them throws. The database, its files and H2's reaction are real; only the
 * disk's answer is chosen. Public because H2 creates its paths by reflection.
 */
public final class FullDiskFileSystem extends FilePathWrapper {

  /** The URL prefix of a database on this file system. */
  static final String PREFIX = "jdbc:h2:fulldisk:";

  private static volatile boolean full;

  static {
    FilePath.register(new FullDiskFileSystem());
  }

  /** H2 creates the paths of the file system by reflection. */
  public FullDiskFileSystem() {
  }

  /** Registers the file system with H2 (once) and returns the URL of a database at {@code path}. */
  public static String url(java.nio.file.Path path) {
    return PREFIX + path.toAbsolutePath();
  }

  /** Makes every later write fail ({@code true}) or succeed again ({@code false}). */
  public static void fill(boolean nowFull) {
    full = nowFull;
  }

  @Override
  public String getScheme() {
    return "fulldisk";
  }

  @Override
  public FileChannel open(String mode) throws IOException {
    return new FullDiskChannel(getBase().open(mode));
  }

  private static void checkRoom() throws IOException {
    if (full) {
      throw new IOException("No space left on device");
    }
  }

  /** A file channel of the real file that fails writes while the disk is "full". */
  private static final class FullDiskChannel extends FileBase {
    private final FileChannel base;

    FullDiskChannel(FileChannel base) {
      this.base = base;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return base.read(dst);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return base.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      checkRoom();
      return base.write(src);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      checkRoom();
      return base.write(src, position);
    }

    @Override
    public long position() throws IOException {
      return base.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      base.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return base.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      checkRoom();
      base.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      checkRoom();
      base.force(metaData);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return base.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      base.close();
    }
  }
}

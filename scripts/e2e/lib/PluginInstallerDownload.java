import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Downloads a URL the way `opensearch-plugin install <url>` does (InstallPluginCommand.downloadZip):
 * a plain URLConnection with the installer's User-Agent, the content length read for its progress
 * bar, the stream copied to a file. Also probes with HEAD as its urlExists() does.
 * Usage: java PluginInstallerDownload.java URL OUTPUT   (prints "<head status> <content length>")
 */
public class PluginInstallerDownload {
    public static void main(String[] args) throws Exception {
        URL url = new URL(args[0]);
        HttpURLConnection head = (HttpURLConnection) url.openConnection();
        head.addRequestProperty("User-Agent", "opensearch-plugin-installer");
        head.setRequestMethod("HEAD");
        int headStatus = head.getResponseCode();
        head.disconnect();

        URLConnection urlConnection = url.openConnection();
        urlConnection.addRequestProperty("User-Agent", "opensearch-plugin-installer");
        try (InputStream in = urlConnection.getInputStream()) {
            long length = urlConnection.getContentLengthLong();
            Files.copy(in, Path.of(args[1]), StandardCopyOption.REPLACE_EXISTING);
            System.out.println(headStatus + " " + length);
        }
    }
}

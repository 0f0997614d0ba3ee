package org.sparknas.report;

/** Words of a shell command the page shows for copying: quoted only where the shell would split or expand them. */
final class Shell {

    private Shell() {
    }

    static String quote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=@%+,-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}

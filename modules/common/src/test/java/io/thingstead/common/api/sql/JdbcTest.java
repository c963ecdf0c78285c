package io.thingstead.common.api.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** What {@link Jdbc} binds, recorded by a stand-in JDBC driver. */
class JdbcTest {
    private final List<String> bound = new ArrayList<>();

    private DataSource dataSource() {
        PreparedStatement statement = (PreparedStatement) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setNull" -> bound.add(args[0] + "=NULL(" + args[1] + ")");
                        case "setObject" -> bound.add(args[0] + "=" + args[1]);
                        case "executeUpdate" -> {
                            return 1;
                        }
                        default -> {}
                    }
                    return null;
                });
        Connection connection = (Connection) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> "prepareStatement".equals(method.getName()) ? statement : null);
        return (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> "getConnection".equals(method.getName()) ? connection : null);
    }

    @Test
    void nullAndEmptyOptionalBindSqlNull() {
        int touched = new Jdbc(dataSource()).update("UPDATE t SET a = ?, b = ?, c = ?", "x", null, Optional.empty());

        assertThat(touched).isEqualTo(1);
        assertThat(bound).containsExactly("1=x", "2=NULL(" + Types.NULL + ")", "3=NULL(" + Types.NULL + ")");
    }
}

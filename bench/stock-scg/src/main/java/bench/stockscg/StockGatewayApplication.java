package bench.stockscg;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Stock Spring Cloud Gateway: no code of its own, its one route and the nodes in
 * application.yml and on the command line.
 */
@SpringBootApplication
public class StockGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(StockGatewayApplication.class, args);
	}

}
